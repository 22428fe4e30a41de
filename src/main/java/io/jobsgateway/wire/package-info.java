/**
 * All JSON the clients see: one immutable record per server message, and a job event's JSON
 * built once per publish, not once per receiver.
 *
 * <p>Threads: any; {@link io.jobsgateway.wire.WireFormat} is thread-safe. Never: parses a client
 * request (the endpoint and http do, each for its own input) or does I/O.
 */
package io.jobsgateway.wire;
