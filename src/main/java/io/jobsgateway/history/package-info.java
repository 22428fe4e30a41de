/**
 * Where a job event enters: {@link io.jobsgateway.history.Publishing} takes every fired event
 * after its transaction commits, and the {@link io.jobsgateway.history.JobLog} gives it its
 * {@code seq}, checks its owner, stores it and hands it to the bus, as one atomic step; in memory
 * on one node, in Redis (one script) in a cluster, with the outbox that holds fired events while
 * Redis is unreachable.
 *
 * <p>Threads: the firer's, HTTP request threads, the outbox's sender. Never: lets a firer wait on
 * an unreachable Redis.
 */
package io.jobsgateway.history;
