// Types of jobs-client.js, the classic script (<script src="/jobs-client.js">): its global
// `JobsClient`, the class of jobs-client.esm.js with its types (`JobsClient.Options`, ...), which
// are declared in jobs-client.esm.d.ts. Reference it from a page's scripts:
//   /// <reference types="jobs-gateway-client/jobs-client.js" />   (the npm package)
//   /// <reference path="jobs-client.d.ts" />                       (beside a copy from the WAR, with jobs-client.esm.d.ts)
import { JobsClient as Client } from './jobs-client.esm.js';

declare global {
    export import JobsClient = Client;
}
