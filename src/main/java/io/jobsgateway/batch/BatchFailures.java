package io.jobsgateway.batch;

/**
 * The {@code error} codes of the {@code job.failed} that ends a batch job which did not complete,
 * one per way a batch execution ends without completing.
 */
public final class BatchFailures {

    /** The batch status is {@code FAILED}: an artifact threw what was neither skipped nor retried, or the job XML failed it. */
    public static final String FAILED = "batch_failed";
    /** The job was stopped ({@code JobOperator.stop}, or a {@code <stop>} of its job XML): it may be restarted. */
    public static final String STOPPED = "batch_stopped";
    /** The batch runtime reports the execution {@code ABANDONED}: it will never be restarted. */
    public static final String ABANDONED = "batch_abandoned";

    private BatchFailures() {
    }
}
