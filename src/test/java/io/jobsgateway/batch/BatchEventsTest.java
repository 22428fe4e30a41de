package io.jobsgateway.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.Metric;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class BatchEventsTest {

    private static final BatchJob JOB = new BatchJob("import-1", "acme", "alice", "csv-import", 1, 300L);

    private record TestMetric(MetricType getType, long getValue) implements Metric {
    }

    private static Metric[] metrics(long read, long written, long processSkips, long commits, long rollbacks) {
        return new Metric[]{new TestMetric(Metric.MetricType.READ_COUNT, read),
                new TestMetric(Metric.MetricType.WRITE_COUNT, written),
                new TestMetric(Metric.MetricType.PROCESS_SKIP_COUNT, processSkips),
                new TestMetric(Metric.MetricType.READ_SKIP_COUNT, 0),
                new TestMetric(Metric.MetricType.COMMIT_COUNT, commits),
                new TestMetric(Metric.MetricType.ROLLBACK_COUNT, rollbacks)};
    }

    @Test
    void everyEventNamesTheJobsOwnerAndUser() {
        for (JobEvent event : new JobEvent[]{BatchEvents.created(JOB), BatchEvents.started(JOB)}) {
            assertEquals("import-1", event.jobId());
            assertEquals("acme", event.clientId());
            assertEquals("alice", event.userId());
        }
        JsonObject created = BatchEvents.created(JOB).data();
        assertEquals("csv-import", created.getString("batchJob"));
        assertEquals(1, created.getInt("executionId"));
    }

    @Test
    void aProgressCarriesTheCountsOfTheJobSoFarAndItsPercentage() {
        BatchRun run = new BatchRun(JOB);
        BatchRun.Progress progress = run.progress("import", ItemCounts.of(metrics(150, 149, 1, 1, 0))).orElseThrow();
        JobEvent event = BatchEvents.progress(JOB, progress, null);
        assertEquals(JobEventType.PROGRESS, event.type());
        JsonObject data = event.data();
        assertEquals(50, data.getInt("progress"));
        assertEquals(150, data.getInt("read"));
        assertEquals(149, data.getInt("written"));
        assertEquals(1, data.getInt("skipped"));
        assertEquals(300, data.getInt("total"));
        assertEquals("import", data.getString("step"));
        assertEquals("import: 150 of 300 read, 149 written, 1 skipped", data.getString("message"));
        assertFalse(data.containsKey("retried") || data.containsKey("rolledBack"), data.toString());
    }

    @Test
    void nothingNewIsNoProgressAndThePercentageNeverGoesBack() {
        BatchRun run = new BatchRun(JOB);
        assertTrue(run.progress("import", ItemCounts.of(metrics(0, 0, 0, 0, 0))).isEmpty(), "nothing read yet");
        run.progress("import", ItemCounts.of(metrics(200, 200, 0, 2, 0))).orElseThrow();
        assertTrue(run.progress("import", ItemCounts.of(metrics(200, 200, 0, 2, 1))).isEmpty(), "a rollback alone");
        run.totalHint(600L); // the job found it has more to do
        BatchRun.Progress later = run.progress("import", ItemCounts.of(metrics(210, 210, 0, 3, 1))).orElseThrow();
        assertEquals(66, later.percent().getAsInt(), "kept at the 66 % reported before, not 35 %");
    }

    @Test
    void aChunkThatRollsBackIsReportedWithItsFailure() {
        BatchRun run = new BatchRun(JOB);
        run.retried();
        JobEvent event = BatchEvents.progress(JOB, run.standing("import", ItemCounts.of(metrics(100, 100, 0, 1, 0))),
                BatchEvents.describe(new RuntimeException("wrapped", new IllegalStateException("the ledger did not answer"))));
        assertEquals("IllegalStateException: the ledger did not answer", event.data().getString("rolledBack"));
        assertEquals(1, event.data().getInt("retried"));
        assertTrue(event.data().getString("message").endsWith("; chunk rolled back: IllegalStateException: the ledger did not answer"));
    }

    @Test
    void theEndIsCompletedWithTheMetricsWhenTheJobRanThrough() {
        BatchRun run = new BatchRun(JOB);
        run.stepEnded("import", "STARTED", null, ItemCounts.of(metrics(300, 299, 1, 4, 1)), null);
        JobEvent event = BatchEvents.ended(JOB, BatchStatus.STARTED, null, run.summary());
        assertEquals(JobEventType.COMPLETED, event.type());
        JsonObject result = event.data().getJsonObject("result");
        assertEquals("COMPLETED", result.getString("exitStatus"));
        assertEquals(299, result.getInt("written"));
        assertEquals(4, result.getInt("commits"));
        assertEquals(1, result.getInt("rollbacks"));
        assertEquals("COMPLETED", result.getJsonArray("steps").getJsonObject(0).getString("batchStatus"),
                "JBatch's STARTED in afterStep is the step's COMPLETED");
        assertTrue(event.data().containsKey("completedAt") && event.data().containsKey("artifacts"));
    }

    @Test
    void theEndIsFailedWithACodeForEachWayOfNotCompleting() {
        BatchRun run = new BatchRun(JOB);
        run.failed("import", new IllegalStateException("line 55: refused"));
        run.stepEnded("import", "FAILED", null, ItemCounts.of(metrics(50, 50, 0, 5, 1)), null);
        JobEvent failed = BatchEvents.ended(JOB, BatchStatus.FAILED, "FAILED", run.summary());
        assertEquals(JobEventType.FAILED, failed.type());
        assertEquals(BatchFailures.FAILED, failed.data().getString("error"));
        assertEquals("IllegalStateException: line 55: refused (in step import)", failed.data().getString("errorMessage"));
        assertEquals("import", failed.data().getString("step"));
        assertEquals(50, failed.data().getInt("written"));

        assertEquals(BatchFailures.STOPPED, BatchEvents.ended(JOB, BatchStatus.STOPPING, null, run.summary()).data().getString("error"));
        assertEquals("STOPPED", BatchEvents.ended(JOB, BatchStatus.STOPPING, null, run.summary()).data().getString("batchStatus"));
        assertEquals(BatchFailures.ABANDONED, BatchEvents.ended(JOB, BatchStatus.ABANDONED, null, run.summary()).data().getString("error"));
    }

    @Test
    void aChunkFailureThatWasRetriedIsNotTheJobsFailure() {
        BatchRun run = new BatchRun(JOB);
        run.failed("import", new IllegalStateException("transient"));
        run.stepEnded("import", "STARTED", null, ItemCounts.of(metrics(300, 300, 0, 4, 1)), null);
        run.stepEnded("export", "FAILED", "NO_TARGET", ItemCounts.NONE, null);
        JobEvent failed = BatchEvents.ended(JOB, BatchStatus.FAILED, "NO_TARGET", run.summary());
        assertEquals("The batch job failed in step export (exit status NO_TARGET)", failed.data().getString("errorMessage"));
    }
}
