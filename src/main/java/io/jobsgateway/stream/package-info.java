/**
 * The fallback transports of contract section 8, for networks whose proxies refuse WebSocket:
 * Server-Sent Events ({@code GET /api/stream}) and long polling ({@code GET /api/poll}). Each is
 * one more {@link io.jobsgateway.delivery.Transport}: rooms, replay, order, de-duplication, the
 * outbox and the heartbeat are the WebSocket's, not copies of them.
 */
package io.jobsgateway.stream;
