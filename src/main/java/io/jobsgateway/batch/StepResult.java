package io.jobsgateway.batch;

/** How one step of a batch execution ended, for the job's {@code job.completed} result. */
record StepResult(String step, String batchStatus, String exitStatus, ItemCounts counts) {

    /**
     * The status a step ends with, from the one its {@code afterStep} sees: JBatch sets the final
     * one after the listeners, so a step that completes is still {@code STARTED} there.
     */
    static String finalStatus(String seenInAfterStep) {
        if (seenInAfterStep == null) {
            return null;
        }
        return switch (seenInAfterStep) {
            case "STARTED" -> "COMPLETED";
            case "STOPPING" -> "STOPPED";
            default -> seenInAfterStep;
        };
    }
}
