package io.jobsgateway.batch;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import io.jobsgateway.api.Timestamps;
import io.jobsgateway.quirks.BatchListenerTiming;
import io.jobsgateway.quirks.JsonP;
import jakarta.batch.runtime.BatchStatus;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

/**
 * The job events of a batch execution, built from what the listeners saw; each names the job's
 * owner and user, so that whichever comes first opens the job. Their data, beside what the
 * protocol gives each type:
 * <ul>
 * <li>{@code job.created}: {@code batchJob} (the job XML's id), {@code executionId};
 * <li>{@code job.progress}: {@code read}, {@code written}, {@code skipped} over the job's steps so far,
 *     {@code total} and {@code progress} when the job declares its total, {@code retried} once an item was
 *     retried, {@code rolledBack} (the failure) when it reports a chunk that rolls back;
 * <li>{@code job.completed}: {@code result} with the batch and exit status, the counts (plus
 *     {@code filtered}, {@code commits}, {@code rollbacks}) and {@code steps}, one entry per step;
 * <li>{@code job.failed}: {@code error} (one of {@link BatchFailures}), {@code errorMessage}, the batch and
 *     exit status, the {@code step} it ended in and the counts.
 * </ul>
 */
final class BatchEvents {

    private BatchEvents() {
    }

    static JobEvent created(BatchJob job) {
        Instant now = Instant.now();
        return event(JobEventType.CREATED, job, JsonP.createObjectBuilder()
                .add("createdAt", Timestamps.format(now))
                .add("batchJob", job.batchJobName())
                .add("executionId", job.executionId()), now);
    }

    static JobEvent started(BatchJob job) {
        Instant now = Instant.now();
        return event(JobEventType.STARTED, job, JsonP.createObjectBuilder().add("startedAt", Timestamps.format(now)), now);
    }

    /** A progress; {@code rolledBack} is the failure of a chunk that rolls back, or null. */
    static JobEvent progress(BatchJob job, BatchRun.Progress progress, String rolledBack) {
        JsonObjectBuilder data = JsonP.createObjectBuilder();
        progress.percent().ifPresent(percent -> data.add("progress", percent));
        String message = BatchProgress.message(progress.step(), progress.counts(), progress.total());
        data.add("message", rolledBack == null ? message : message + "; chunk rolled back: " + rolledBack)
                .add("step", progress.step());
        counts(data, progress.counts());
        if (progress.total() != null) {
            data.add("total", progress.total());
        }
        if (progress.retries() > 0) {
            data.add("retried", progress.retries());
        }
        if (rolledBack != null) {
            data.add("rolledBack", rolledBack);
        }
        return event(JobEventType.PROGRESS, job, data, Instant.now());
    }

    /**
     * The last event of an execution whose batch status, as the job listener's {@code afterJob} sees
     * it, is {@code seen}: {@code STARTED} there means it completed, {@code STOPPING} that it was
     * stopped ({@link BatchListenerTiming}).
     */
    static JobEvent ended(BatchJob job, BatchStatus seen, String exitStatus, BatchRun.Summary summary) {
        BatchStatus status = BatchStatus.valueOf(BatchListenerTiming.finalStatus(seen.name()));
        return switch (status) {
            case STOPPED -> failed(job, BatchFailures.STOPPED, BatchStatus.STOPPED, exitStatus, summary,
                    "Stopped in step " + summary.lastStep() + " after " + summary.counts().done() + " items");
            case ABANDONED -> failed(job, BatchFailures.ABANDONED, status, exitStatus, summary,
                    "Abandoned in step " + summary.lastStep() + " after " + summary.counts().done() + " items");
            case FAILED -> failed(job, BatchFailures.FAILED, status, exitStatus, summary, summary.failure() == null
                    ? "The batch job failed in step " + summary.lastStep() + (exitStatus == null ? "" : " (exit status " + exitStatus + ")")
                    : summary.failure() + " (in step " + summary.failedStep() + ")");
            default -> completed(job, exitStatus, summary);
        };
    }

    private static JobEvent completed(BatchJob job, String exitStatus, BatchRun.Summary summary) {
        Instant now = Instant.now();
        JsonObjectBuilder result = JsonP.createObjectBuilder()
                .add("batchStatus", BatchStatus.COMPLETED.name())
                .add("exitStatus", exitStatus == null ? BatchStatus.COMPLETED.name() : exitStatus);
        allCounts(result, summary.counts());
        result.add("retried", summary.retries());
        JsonArrayBuilder steps = JsonP.createArrayBuilder();
        for (StepResult step : summary.steps()) {
            JsonObjectBuilder entry = JsonP.createObjectBuilder().add("step", step.step());
            addIfPresent(entry, "batchStatus", step.batchStatus());
            addIfPresent(entry, "exitStatus", step.exitStatus());
            allCounts(entry, step.counts());
            steps.add(entry);
        }
        result.add("steps", steps);
        return event(JobEventType.COMPLETED, job, JsonP.createObjectBuilder()
                .add("completedAt", Timestamps.format(now))
                .add("result", result)
                .add("artifacts", JsonP.createArrayBuilder()), now);
    }

    private static JobEvent failed(BatchJob job, String error, BatchStatus status, String exitStatus,
                                   BatchRun.Summary summary, String message) {
        Instant now = Instant.now();
        JsonObjectBuilder data = JsonP.createObjectBuilder()
                .add("completedAt", Timestamps.format(now))
                .add("error", error)
                .add("errorMessage", message)
                .add("batchStatus", status.name());
        addIfPresent(data, "exitStatus", exitStatus);
        addIfPresent(data, "step", summary.failedStep() != null ? summary.failedStep() : summary.lastStep());
        counts(data, summary.counts());
        if (summary.retries() > 0) {
            data.add("retried", summary.retries());
        }
        return event(JobEventType.FAILED, job, data, now);
    }

    /**
     * A failure for people: the innermost cause's class and message (the runtimes wrap what an
     * artifact threw), e.g. {@code NumberFormatException: For input string: "x"}.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : failure.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void counts(JsonObjectBuilder data, ItemCounts counts) {
        data.add("read", counts.done()).add("written", counts.written()).add("skipped", counts.skipped());
    }

    private static void allCounts(JsonObjectBuilder data, ItemCounts counts) {
        counts(data, counts);
        data.add("filtered", counts.filtered()).add("commits", counts.commits()).add("rollbacks", counts.rollbacks());
    }

    private static void addIfPresent(JsonObjectBuilder data, String name, String value) {
        if (value != null) {
            data.add(name, value);
        }
    }

    private static JobEvent event(JobEventType type, BatchJob job, JsonObjectBuilder data, Instant at) {
        JsonObject built = data.build();
        return new JobEvent(type, job.jobId(), job.clientId(), job.userId(), null, built, at);
    }
}
