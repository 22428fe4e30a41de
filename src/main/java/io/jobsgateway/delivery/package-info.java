/**
 * Delivery to connections, whatever their transport: a {@link io.jobsgateway.delivery.Connection}
 * gets each job event once and in order (also while a replay merges with live events), its
 * bounded {@link io.jobsgateway.delivery.Outbox} sends one batch at a time (what waited meanwhile),
 * and the {@link io.jobsgateway.delivery.Lanes} hand events out on one thread per core, each event
 * as one {@link io.jobsgateway.delivery.Outgoing} for all its receivers (framed once). A transport
 * (WebSocket, SSE, long polling) is a {@link io.jobsgateway.delivery.Transport}.
 *
 * <p>Threads: the lanes, and the container's I/O threads completing sends. Never: blocks, calls
 * Redis, or knows the WebSocket API.
 */
package io.jobsgateway.delivery;
