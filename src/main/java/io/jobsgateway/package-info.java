/**
 * The composition root: {@code ClusterMode} picks the in-memory or the Redis implementations,
 * and is the only class that sees both. The packages below it import one way, bottom to top:
 * quirks, api, config, ops, wire, access, cluster, bus, history, delivery, rooms, endpoint, http,
 * stream, opspage, demo (held by the architecture test).
 */
package io.jobsgateway;
