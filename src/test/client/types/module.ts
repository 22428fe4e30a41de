// A TypeScript module that imports the package by its name: the types must hold, and catch a misuse.
import { JobsClient, JobsClientError } from 'jobs-gateway-client';
import DefaultExport from 'jobs-gateway-client';

const options: JobsClient.Options = { url: 'ws://gateway.test/jobs', autoConnect: false, transports: ['websocket', 'sse'] };
const client: JobsClient = new DefaultExport(options);
client.on('event', (e: JobsClient.JobEvent) => console.log(e.seq.toFixed(0), e.type, e.data.progress));
client.on('state', (s) => console.log(s.state, s.transport, s.code));
const removeListener: () => void = client.once('recovery-failed', ({ jobId, since }) => console.log(jobId, since));
removeListener();
const subscribed: Promise<JobsClient.Subscribed> = client.subscribe({ jobId: 'report-42', since: 0 });
subscribed.catch((e: unknown) => {
    if (e instanceof JobsClientError) console.log(e.code, e.reply?.message, e.closeCode);
});
const history: Promise<JobsClient.JobEvent[]> = client.history('report-42', { limit: 10 });
const sameClass: typeof JobsClientError = JobsClient.Error;
console.log(history, sameClass, JobsClient.DEFAULTS.maxReconnectDelay, client.lastSeq('report-42'));

// @ts-expect-error an event the client never emits
client.on('no-such-event', () => {});
// @ts-expect-error since is a seq, a number
client.subscribe({ jobId: 'report-42', since: 'zero' });
