/**
 * Delivery to connections, whatever their transport: a {@link io.jobsgateway.delivery.Connection}
 * gets each job event once and in order (also while a replay merges with live events), its
 * bounded {@link io.jobsgateway.delivery.Outbox} sends one message at a time, and the
 * {@link io.jobsgateway.delivery.Lanes} hand events out on one thread per core. A transport
 * (WebSocket today) is a {@link io.jobsgateway.delivery.Transport}.
 *
 * <p>Threads: the lanes, and the container's I/O threads completing sends. Never: blocks, calls
 * Redis, or knows the WebSocket API.
 */
package io.jobsgateway.delivery;
