/**
 * The warm-up: before a node reports ready, it opens WebSocket connections to itself with keys
 * only it knows ({@link io.jobsgateway.access.WarmUpKeys}), publishes over HTTP and receives what
 * it published, a few rounds, so that the JIT has compiled the handshake, publish and delivery
 * paths of the server and of the gateway before the clients of a restarted node reconnect at once.
 * Only in the standalone WAR, and only while {@code jobs.warmup.enabled}.
 *
 * <p>Threads: one thread of its own runs the rounds (quirks.StartupThread); the JDK HTTP client's own threads carry
 * its requests and frames; readiness probes read the state it publishes.
 */
package io.jobsgateway.warmup;
