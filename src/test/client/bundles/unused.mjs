// Imports the package and uses nothing of it: with sideEffects, a bundler leaves the client out.
import 'jobs-gateway-client';
