/**
 * The stalled-job watchdog: a periodic sweep that speaks for jobs that went silent without their
 * last event ({@code job.updated} status {@code stalled}, then {@code job.failed} error {@code lost}),
 * through the job log like any event, on one node of a cluster at a time.
 *
 * <p>Threads: the container's managed scheduler, one sweep at a time per node.
 */
package io.jobsgateway.watchdog;
