package io.jobsgateway.endpoint;

import io.jobsgateway.delivery.Connection;

/**
 * What the endpoint keeps of one accepted WebSocket, in the session's user properties: its
 * connection, the window that counts its inbound messages (used by the one thread the
 * container delivers them on), and its transport, which the client's pongs reach.
 */
record Socket(Connection connection, RateWindow rate, WebSocketTransport transport) {
}
