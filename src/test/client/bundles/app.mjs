// An application's entry point: it takes the client from the package by its name, as a bundler resolves it.
export { JobsClient, JobsClientError } from 'jobs-gateway-client';
