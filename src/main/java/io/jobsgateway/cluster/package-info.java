/**
 * What only a cluster needs of Redis: the one Redisson client, every key and channel name
 * ({@link io.jobsgateway.cluster.RedisKeys}), and the per-key connection limits, in memory and
 * as leases in Redis.
 *
 * <p>Threads: handshakes (limits) and Redisson's own. Never: blocks a shared container thread
 * on Redis for longer than a command's timeout.
 */
package io.jobsgateway.cluster;
