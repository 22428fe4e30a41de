/*
 * jobs-client.js as an ES module:
 *
 *   import { JobsClient } from '/jobs-client.esm.js';
 *
 * It loads jobs-client.js beside it (which also defines the global JobsClient) and exports
 * that class; the WebSocket endpoint defaults to the `jobs` beside this file. (The name is
 * .esm.js rather than .mjs because servers, Payara among them, send .mjs without a JavaScript
 * Content-Type, and browsers refuse to run a module without one.)
 */
import './jobs-client.js';

const JobsClient = globalThis.JobsClient;
if (!JobsClient.defaultUrl) {
  JobsClient.defaultUrl = new URL('jobs', import.meta.url).href;
}
const JobsClientError = JobsClient.Error;

export { JobsClient, JobsClientError };
export default JobsClient;
