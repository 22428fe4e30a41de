package io.jobsgateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.config.Settings;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeterSnapshotTest {

    @Test
    void theSnapshotHoldsWhatMetricsShowsUnderTheOpsPagesNames() {
        GatewayMetrics metrics = TestOps.metrics(Settings.of(Map.of()));
        metrics.opened("websocket");
        metrics.opened("websocket");
        metrics.opened("sse");
        metrics.closed("sse", 1001);
        metrics.closed(null, 4429);
        metrics.countSubscriptionsWith(() -> 5);
        metrics.countRoomsWith(() -> 3);
        metrics.published(GatewayMetrics.Source.HTTP);
        metrics.published(GatewayMetrics.Source.CDI);
        metrics.published(GatewayMetrics.Source.CDI);
        metrics.rateLimited();
        metrics.resumed(false);
        metrics.deliveries().progressReplaced();
        metrics.deliveries().written(new long[] {DeliveryMeters.nowMicros() - 3_000}, 1); // 3 ms ago
        metrics.deliveries().written(new long[] {DeliveryMeters.nowMicros() - 30_000}, 1); // 30 ms ago
        metrics.deliveries().written(new long[] {0}, 1); // a replay: delivered, no lag

        JsonObject snapshot = metrics.snapshot();

        assertEquals(metrics.node(), snapshot.getString("node"));
        assertTrue(snapshot.getString("takenAt").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), snapshot.toString());
        assertEquals(Map.of("websocket", 2, "sse", 0, "poll", 0), ints(snapshot.getJsonObject("connections")));
        assertEquals(5, snapshot.getInt("subscriptions"));
        assertEquals(3, snapshot.getInt("rooms"));
        assertEquals(Map.of("http", 1, "cdi", 2), ints(snapshot.getJsonObject("published")));
        assertEquals(3, snapshot.getInt("deliveries"));
        assertEquals(1, snapshot.getJsonObject("closes").getInt("1001"));
        assertEquals(1, snapshot.getJsonObject("closes").getInt("4429"));
        metrics.closed(null, 999);
        JsonObject later = metrics.snapshot();
        assertEquals(List.of("999", "1000", "1001", "1003", "1006", "1008", "1009", "1011", "1013", "4401", "4408", "4429"),
                List.copyOf(later.getJsonObject("closes").keySet()), "in numeric order");
        assertEquals(List.of("poll", "sse", "websocket"), List.copyOf(later.getJsonObject("connections").keySet()));
        assertEquals(1, snapshot.getInt("rateLimited"));
        assertEquals(1, snapshot.getInt("progressReplaced"));
        assertEquals(Map.of("true", 0, "false", 1), ints(snapshot.getJsonObject("resumes")));
        assertFalse(snapshot.containsKey("busGapFills"), "cluster mode only");

        JsonObject lag = snapshot.getJsonObject("lag");
        assertEquals(2, lag.getInt("count"));
        assertTrue(lag.getJsonNumber("sumSeconds").doubleValue() >= 0.033, lag.toString());
        JsonArray buckets = lag.getJsonArray("buckets");
        assertEquals(DeliveryMeters.LAG_BUCKETS.length, buckets.size());
        assertEquals(0.001, buckets.getJsonObject(0).getJsonNumber("le").doubleValue());
        assertEquals(10.0, buckets.getJsonObject(buckets.size() - 1).getJsonNumber("le").doubleValue());
        assertEquals(List.of(0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2),
                buckets.getValuesAs(JsonObject.class).stream().map(b -> b.getInt("count")).toList(), "cumulative, as in Prometheus");
    }

    @Test
    void inClusterModeTheBusAndOutboxMetersToo() {
        GatewayMetrics metrics = TestOps.metrics(Settings.of(Map.of("jobs.redis.address", "redis://127.0.0.1:1")));
        metrics.gapsFilled(2);
        metrics.countOutboxWith(() -> 4);

        JsonObject snapshot = metrics.snapshot();

        assertEquals(2, snapshot.getInt("busGapFills"));
        assertEquals(4, snapshot.getInt("outboxWaiting"));
    }

    @Test
    void theNodesNameIsItsHostsAndProcesss() {
        String node = TestOps.metrics(Settings.of(Map.of())).node();
        assertTrue(node.endsWith("/" + ProcessHandle.current().pid()), node);
    }

    private static Map<String, Integer> ints(JsonObject object) {
        return object.keySet().stream().collect(java.util.stream.Collectors.toMap(k -> k, object::getInt));
    }
}
