/**
 * The WebSocket at {@code /jobs}: a thin {@code @ServerEndpoint}, admission (identity, the key's
 * connection limit), requests decoded into a sealed set of records and answered, the rate
 * window, heartbeats and the contract's close codes.
 *
 * <p>Threads: the container's WebSocket threads, the heartbeat's own. Never: keeps state in the
 * endpoint object (one serves every connection), or lets a bad frame go unanswered.
 */
package io.jobsgateway.endpoint;
