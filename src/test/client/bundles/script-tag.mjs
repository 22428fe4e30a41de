// Imports the classic script for what it does, defining the global JobsClient: a bundler must keep it.
import 'jobs-gateway-client/jobs-client.js';
