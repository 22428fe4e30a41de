package io.jobsgateway.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    /** Contract section 9's names, as Prometheus shows them. */
    static final List<String> SINGLE_NODE = List.of(
            "jobs_gateway_connections{transport=\"websocket\"} 0",
            "jobs_gateway_connections{transport=\"sse\"} 0",
            "jobs_gateway_subscriptions 0",
            "jobs_gateway_events_published_total{source=\"http\"} 0",
            "jobs_gateway_events_published_total{source=\"cdi\"} 0",
            "jobs_gateway_deliveries_total 0",
            "jobs_gateway_closes_total{code=\"1000\"} 0",
            "jobs_gateway_rate_limited_total 0",
            "jobs_gateway_progress_replaced_total 0",
            "jobs_gateway_resumes_total{recovered=\"true\"} 0",
            "jobs_gateway_resumes_total{recovered=\"false\"} 0",
            "# TYPE jobs_gateway_delivery_lag_seconds histogram",
            "jobs_gateway_delivery_lag_seconds_count 0");
    static final List<String> CLUSTER_ONLY = List.of(
            "jobs_gateway_bus_gap_fills_total 0",
            "jobs_gateway_outbox_waiting 0");

    private static GatewayMetrics metrics(Map<String, String> properties) {
        GatewayMetrics metrics = new GatewayMetrics();
        metrics.settings = Settings.of(properties);
        metrics.register();
        return metrics;
    }

    @Test
    void everyNameOfTheContractIsThereFromStartUpAtZero() {
        String single = metrics(Map.of()).scrape();
        SINGLE_NODE.forEach(line -> assertTrue(single.contains(line), () -> line + " missing in\n" + single));
        CLUSTER_ONLY.forEach(line -> assertFalse(single.contains(line.split(" ")[0]), line));

        String cluster = metrics(Map.of("jobs.redis.address", "redis://127.0.0.1:1")).scrape();
        SINGLE_NODE.forEach(line -> assertTrue(cluster.contains(line), line));
        CLUSTER_ONLY.forEach(line -> assertTrue(cluster.contains(line), () -> line + " missing in\n" + cluster));
    }

    @Test
    void countsMoveAndTheLagLandsInItsBucket() {
        GatewayMetrics metrics = metrics(Map.of());
        metrics.opened("sse");
        metrics.opened("websocket");
        metrics.closed("websocket", 4408);
        metrics.published(GatewayMetrics.Source.HTTP);
        metrics.countSubscriptionsWith(() -> 7);
        metrics.countRoomsWith(() -> 2);
        metrics.deliveries().written(new long[] {DeliveryMeters.nowMicros() - 3_000}, 1); // 3 ms ago
        metrics.deliveries().written(new long[] {0}, 1); // a replayed event: delivered, no lag
        String text = metrics.scrape();
        for (String line : List.of("jobs_gateway_connections{transport=\"sse\"} 1",
                "jobs_gateway_connections{transport=\"websocket\"} 0", "jobs_gateway_closes_total{code=\"4408\"} 1",
                "jobs_gateway_events_published_total{source=\"http\"} 1", "jobs_gateway_subscriptions 7", "jobs_gateway_rooms 2",
                "jobs_gateway_deliveries_total 2", "jobs_gateway_delivery_lag_seconds_count 1",
                "jobs_gateway_delivery_lag_seconds_bucket{le=\"0.002\"} 0",
                "jobs_gateway_delivery_lag_seconds_bucket{le=\"0.005\"} 1")) {
            assertTrue(text.contains(line), () -> line + " missing in\n" + text);
        }
    }

    @Test
    void noMeterCarriesAJobKeyOrUserLabel() {
        String text = metrics(Map.of("jobs.redis.address", "redis://127.0.0.1:1")).scrape();
        for (String label : List.of("job", "jobId", "key", "keyId", "user", "userId", "client", "clientId")) {
            assertFalse(text.contains("{" + label + "=") || text.contains("," + label + "="), label);
        }
    }

    @Test
    void switchedOffNothingIsCounted() {
        GatewayMetrics metrics = metrics(Map.of("jobs.metrics.enabled", "false"));
        metrics.deliveries().written(new long[] {DeliveryMeters.nowMicros()}, 1);
        metrics.opened("websocket");
        assertFalse(metrics.scrape().contains("jobs_gateway"));
    }

    @Test
    void aMetricsKeyIsABearerTokenComparedWhole() {
        assertTrue(MetricsServlet.authorized(Optional.empty(), null));
        assertTrue(MetricsServlet.authorized(Optional.of("s3cret"), "Bearer s3cret"));
        assertTrue(MetricsServlet.authorized(Optional.of("s3cret"), "bearer s3cret"));
        assertFalse(MetricsServlet.authorized(Optional.of("s3cret"), null));
        assertFalse(MetricsServlet.authorized(Optional.of("s3cret"), "Bearer s3cre"));
        assertFalse(MetricsServlet.authorized(Optional.of("s3cret"), "Basic s3cret"));
    }
}
