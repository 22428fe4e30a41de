package io.jobsgateway.api;

/**
 * A WebSocket connection was accepted, fired asynchronously so that a slow observer never holds
 * the connection up: observe it with {@code void opened(@ObservesAsync ConnectionOpened event)}.
 *
 * @param userId null for a key bound to no user
 */
public record ConnectionOpened(String connectionId, String clientId, String userId) {
}
