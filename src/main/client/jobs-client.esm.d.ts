// Types of jobs-client.esm.js, the ES module form of jobs-client.js (see jobs-client.d.ts).
import JobsClient = require('./jobs-client');

export { JobsClient };
export declare const JobsClientError: typeof JobsClient.JobsClientError;
export type JobsClientError = JobsClient.JobsClientError;
export default JobsClient;
