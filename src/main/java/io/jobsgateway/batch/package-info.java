/**
 * Jakarta Batch jobs that report themselves: listener beans that a job XML names by {@code ref}
 * ({@code jobsGatewayJobListener}, {@code jobsGatewayStepListener}, {@code jobsGatewayChunkListener},
 * {@code jobsGatewayItemListener}) and that turn a batch execution into the job events of
 * {@link io.jobsgateway.api.JobEvent}: created and started at its start, a progress per committed
 * chunk, completed with its metrics, or failed (also when stopped). Which gateway job and owner
 * come from job parameters ({@link io.jobsgateway.batch.BatchParameters}).
 *
 * <p>Every event is fired outside the chunk's transaction ({@link io.jobsgateway.batch.OutsideTransactions}),
 * so it goes out while the job runs, and one fired as a chunk rolls back is not lost with it.
 *
 * <p>Only where the server has Jakarta Batch: beans.xml leaves these classes out otherwise (WildFly's
 * standalone-microprofile.xml has no batch subsystem).
 *
 * <p>Threads: the batch runtime's job threads (and a partitioned step's partition threads). Never:
 * fails or slows a batch job: a listener logs what it cannot report and lets the job go on.
 */
package io.jobsgateway.batch;
