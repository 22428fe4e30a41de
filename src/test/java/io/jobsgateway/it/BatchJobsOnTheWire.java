package io.jobsgateway.it;

import static io.jobsgateway.it.Wire.assertConsecutive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * What a Jakarta Batch job that names the gateway's listeners looks like on the wire (issue 16):
 * the checks of {@code GatewayIT}'s batch tests, on the events of one job from its first to its last.
 */
final class BatchJobsOnTheWire {

    private BatchJobsOnTheWire() {
    }

    /**
     * The demo import of {@code rows} rows, with one row skipped and one retried: created, started,
     * a progress per chunk with counts and a percentage that only goes up, one for the chunk that
     * rolled back for the retry, and completed with the job's metrics; seq from 1 without a gap.
     */
    static void assertDemoImport(List<JsonObject> events, int rows) {
        List<String> types = events.stream().map(e -> e.getString("type")).toList();
        assertConsecutive("batch job", events, 1);
        assertEquals(List.of("job.created", "job.started"), types.subList(0, 2), types.toString());
        assertEquals("job.completed", types.get(types.size() - 1), types.toString());
        List<JsonObject> progress = events.subList(2, events.size() - 1);
        assertTrue(progress.size() >= 3 && progress.stream().allMatch(e -> "job.progress".equals(e.getString("type"))),
                "a progress per chunk between start and end: " + types);

        JsonObject created = events.get(0).getJsonObject("data");
        assertEquals("demo-csv-import", created.getString("batchJob"), created.toString());
        assertTrue(created.getJsonNumber("executionId").longValue() > 0, created.toString());

        int percent = -1;
        for (JsonObject event : progress) {
            JsonObject data = event.getJsonObject("data");
            assertEquals("import", data.getString("step"), event.toString());
            assertEquals(rows, data.getInt("total"), event.toString());
            assertTrue(data.getInt("progress") >= percent && data.getInt("progress") <= 100, "progress only goes up: " + event);
            percent = data.getInt("progress");
            assertTrue(data.getInt("written") <= data.getInt("read"), event.toString());
            assertTrue(data.getString("message").startsWith("import: "), event.toString());
        }
        JsonObject last = progress.get(progress.size() - 1).getJsonObject("data");
        assertEquals(100, last.getInt("progress"), last.toString());
        assertEquals(rows - 1, last.getInt("written"), last.toString());
        assertEquals(1, last.getInt("skipped"), last.toString());
        assertTrue(progress.stream().anyMatch(e -> e.getJsonObject("data").getString("rolledBack", "")
                        .startsWith("TransientImportException: line " + (rows / 3 + 1))),
                "a progress for the chunk that rolled back for the retry, which the rollback did not take with it: " + progress);

        JsonObject result = events.get(events.size() - 1).getJsonObject("data").getJsonObject("result");
        assertEquals("COMPLETED", result.getString("batchStatus"), result.toString());
        assertEquals("COMPLETED", result.getString("exitStatus"), result.toString());
        assertEquals(rows - 1, result.getInt("written"), result.toString());
        assertEquals(1, result.getInt("skipped"), result.toString());
        assertEquals(1, result.getInt("retried"), result.toString());
        assertTrue(result.getInt("rollbacks") >= 1 && result.getInt("commits") >= 3, result.toString());
        JsonObject step = result.getJsonArray("steps").getJsonObject(0);
        assertEquals("import", step.getString("step"), result.toString());
        assertEquals("COMPLETED", step.getString("batchStatus"), result.toString());
    }

    /** A job that ends in {@code job.failed} with {@code error}, its batch status and the step it ended in; seq from 1 without a gap. */
    static JsonObject assertFailed(List<JsonObject> events, String error, String batchStatus) {
        List<String> types = events.stream().map(e -> e.getString("type")).toList();
        assertConsecutive("batch job", events, 1);
        assertEquals(List.of("job.created", "job.started"), types.subList(0, 2), types.toString());
        assertEquals("job.failed", types.get(types.size() - 1), types.toString());
        JsonObject failed = events.get(events.size() - 1);
        assertEquals("failed", failed.getString("status"), failed.toString());
        JsonObject data = failed.getJsonObject("data");
        assertEquals(error, data.getString("error"), data.toString());
        assertEquals(batchStatus, data.getString("batchStatus"), data.toString());
        assertEquals("import", data.getString("step"), data.toString());
        assertTrue(data.containsKey("completedAt") && data.containsKey("read") && data.containsKey("written"), data.toString());
        return data;
    }
}
