/**
 * What host applications use: {@link io.jobsgateway.api.JobEvent} to fire, the
 * {@link io.jobsgateway.api.JobsGateway} facade, {@link io.jobsgateway.api.Broadcast}, the
 * connection events and the one id rule ({@link io.jobsgateway.api.Identifiers}).
 *
 * <p>Owns: immutable event types and their factories. Threads: the caller's. Never: depends on
 * any package of the gateway but {@code quirks}; everything else depends on it.
 */
package io.jobsgateway.api;
