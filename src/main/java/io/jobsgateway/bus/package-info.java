/**
 * Fan-out between nodes: every node, the publisher too, delivers only what its bus hands it,
 * in {@code seq} order per job. {@link io.jobsgateway.bus.LocalBus} on one node;
 * {@link io.jobsgateway.bus.RedisBus} in a cluster (one pub/sub channel, the
 * {@link io.jobsgateway.bus.Sequencer}'s gap fill, canaries), with the envelope format in
 * {@link io.jobsgateway.bus.Envelope}.
 *
 * <p>Threads: the publisher's (local), one delivery thread (Redis). Never: delivers locally and
 * publishes as well, or does slow work on Redisson's threads.
 */
package io.jobsgateway.bus;
