package io.jobsgateway.batch;

import io.jobsgateway.quirks.BatchListenerTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the listeners know of one running batch execution: its gateway job, the counts of its
 * finished steps, what was last reported (so that a progress event says something new, and its
 * percentage never goes back) and how it failed. Synchronized: a partitioned step's listeners run
 * on several threads.
 */
final class BatchRun {

    /** The progress of the job as one event reports it. */
    record Progress(String step, ItemCounts counts, OptionalInt percent, Long total, long retries) {
    }

    /** The whole run, for its last event. */
    record Summary(ItemCounts counts, List<StepResult> steps, String failure, String failedStep, String lastStep,
                   long retries) {
    }

    private final BatchJob job;
    private final List<StepResult> steps = new ArrayList<>();
    private ItemCounts finishedSteps = ItemCounts.NONE;
    private ItemCounts reported = ItemCounts.NONE;
    private int percent = -1;
    private Long totalHint;
    private long retries;
    private String failure;
    private String failedStep;
    private String lastStep;

    BatchRun(BatchJob job) {
        this.job = job;
    }

    BatchJob job() {
        return job;
    }

    /**
     * Takes a total from the {@code JobContext} transient user data, when the job put one there
     * ({@link BatchProgress#hint}); it wins over {@link BatchParameters#TOTAL}.
     */
    synchronized void totalHint(Object transientUserData) {
        Long hint = BatchProgress.hint(transientUserData);
        if (hint != null) {
            totalHint = hint;
        }
    }

    /** The job's progress with {@code step} at {@code stepCounts}; empty when nothing moved since the last report. */
    synchronized Optional<Progress> progress(String step, ItemCounts stepCounts) {
        lastStep = step;
        ItemCounts counts = finishedSteps.plus(stepCounts);
        if (!counts.movedFrom(reported)) {
            return Optional.empty();
        }
        reported = counts;
        return Optional.of(current(step, counts));
    }

    /** The progress as it stands, reported or not (for a chunk that rolls back). */
    synchronized Progress standing(String step, ItemCounts stepCounts) {
        lastStep = step;
        return current(step, finishedSteps.plus(stepCounts));
    }

    private Progress current(String step, ItemCounts counts) {
        Long total = total();
        OptionalInt now = BatchProgress.percent(counts.done(), total);
        if (now.isPresent()) {
            percent = Math.max(percent, now.getAsInt()); // a retried chunk is read again: never back
            now = OptionalInt.of(percent);
        }
        return new Progress(step, counts, now, total, retries);
    }

    synchronized void stepEnded(String step, String batchStatus, String exitStatus, ItemCounts counts, Exception failure) {
        steps.add(new StepResult(step, BatchListenerTiming.finalStatus(batchStatus), exitStatus, counts));
        finishedSteps = finishedSteps.plus(counts);
        lastStep = step;
        if (failure != null) {
            failed(step, failure);
        } else if (!"FAILED".equals(batchStatus)) {
            this.failure = null; // what rolled back a chunk of this step was retried or skipped
            failedStep = null;
        }
    }

    synchronized void failed(String step, Throwable cause) {
        failure = BatchEvents.describe(cause);
        failedStep = step;
    }

    synchronized void retried() {
        retries++;
    }

    synchronized Summary summary() {
        return new Summary(finishedSteps, List.copyOf(steps), failure, failedStep, lastStep, retries);
    }

    private Long total() {
        return totalHint != null ? totalHint : job.total();
    }
}
