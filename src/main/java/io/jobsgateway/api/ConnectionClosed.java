package io.jobsgateway.api;

/**
 * A WebSocket connection that {@link ConnectionOpened} announced has closed, fired
 * asynchronously: observe it with {@code void closed(@ObservesAsync ConnectionClosed event)}.
 *
 * @param userId null for a key bound to no user
 */
public record ConnectionClosed(String connectionId, String clientId, String userId) {
}
