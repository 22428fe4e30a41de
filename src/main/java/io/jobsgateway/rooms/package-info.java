/**
 * Who gets what: the room registry, and which connections a job event reaches
 * ({@code job:J}, {@code client:C}, {@code user:U}, {@code all-jobs}), each once; and this node's
 * end of the bus ({@link io.jobsgateway.rooms.BusReceiver}).
 *
 * <p>Threads: the bus's (delivery), the endpoint's (joins). Never: writes to a connection itself:
 * receivers go to the lanes.
 */
package io.jobsgateway.rooms;
