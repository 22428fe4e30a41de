package io.jobsgateway.batch;

/**
 * How one step of a batch execution ended, for the job's {@code job.completed} result.
 *
 * @param batchStatus the step's final status (see {@link io.jobsgateway.quirks.BatchListenerTiming#finalStatus})
 */
record StepResult(String step, String batchStatus, String exitStatus, ItemCounts counts) {
}
