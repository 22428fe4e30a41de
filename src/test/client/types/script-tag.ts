/// <reference types="jobs-gateway-client/jobs-client.js" />
// A page's script (no import: it runs beside <script src="/jobs-client.js">) that uses the global JobsClient.

const options: JobsClient.Options = { apiKey: () => Promise.resolve('demo-alice'), maxMessagesPerSecond: 5 };
const client: JobsClient = new JobsClient(options);
client.on('event', (e: JobsClient.JobEvent) => console.log(e.jobId, e.seq.toFixed(0)));
client.on('error', (e) => {
    const errorClass: typeof JobsClient.Error = JobsClient.JobsClientError;
    if (e instanceof errorClass) console.log(e.code);
});
// @ts-expect-error an option the client does not have
new JobsClient({ apiKeys: 'demo-alice' });
