package io.jobsgateway.batch;

/**
 * The gateway job that one batch execution reports to.
 *
 * @param jobId        the gateway job's id
 * @param clientId     its owner
 * @param userId       its user, or null
 * @param batchJobName the job XML's id
 * @param executionId  the batch execution
 * @param total        items the job's chunk steps read in all, when its parameters say; else null
 */
record BatchJob(String jobId, String clientId, String userId, String batchJobName, long executionId, Long total) {
}
