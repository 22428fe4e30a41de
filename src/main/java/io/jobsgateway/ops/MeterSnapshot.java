package io.jobsgateway.ops;

import io.jobsgateway.api.Timestamps;
import io.jobsgateway.quirks.JsonP;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * One node's meters at one moment, as JSON: what {@code GET /ops/data} answers for each node and
 * what a node of a cluster tells the others. Read from the registry by the names of
 * {@link MeterNames}, so the page shows what {@code /metrics} does. Counters are totals since
 * start-up, as in Prometheus: the page makes rates of them, snapshot to snapshot. A labelled
 * meter is an object keyed by its label's values; the lag histogram's buckets are cumulative,
 * each with its upper bound in seconds ({@code le}), and {@code count} is the {@code +Inf} bucket.
 */
final class MeterSnapshot {

    private MeterSnapshot() {
    }

    static JsonObject of(MeterRegistry registry, String node, Instant now) {
        JsonObjectBuilder json = JsonP.createObjectBuilder()
                .add("node", node)
                .add("takenAt", Timestamps.format(now))
                .add("connections", byLabel(registry.find(MeterNames.CONNECTIONS).gauges(), "transport", Gauge::value))
                .add("subscriptions", gauge(registry, MeterNames.SUBSCRIPTIONS))
                .add("rooms", gauge(registry, MeterNames.ROOMS))
                .add("published", byLabel(registry.find(MeterNames.EVENTS_PUBLISHED).counters(), "source", Counter::count))
                .add("deliveries", counter(registry, MeterNames.DELIVERIES))
                .add("closes", byLabel(registry.find(MeterNames.CLOSES).counters(), "code", Counter::count))
                .add("rateLimited", counter(registry, MeterNames.RATE_LIMITED))
                .add("progressReplaced", counter(registry, MeterNames.PROGRESS_REPLACED))
                .add("resumes", byLabel(registry.find(MeterNames.RESUMES).counters(), "recovered", Counter::count))
                .add("lag", lag(registry.find(MeterNames.DELIVERY_LAG).timer()));
        // Cluster mode only, as in /metrics.
        if (registry.find(MeterNames.BUS_GAP_FILLS).counter() != null) {
            json.add("busGapFills", counter(registry, MeterNames.BUS_GAP_FILLS))
                    .add("outboxWaiting", gauge(registry, MeterNames.OUTBOX_WAITING));
        }
        return json.build();
    }

    private static long gauge(MeterRegistry registry, String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? 0 : Math.round(gauge.value());
    }

    private static long counter(MeterRegistry registry, String name) {
        Counter counter = registry.find(name).counter();
        return counter == null ? 0 : Math.round(counter.count());
    }

    /** Close codes in numeric order, other labels in text order: the page lists them so. */
    private static <M extends Meter> JsonObject byLabel(Collection<M> meters, String label, ToDoubleFunction<M> value) {
        JsonObjectBuilder json = JsonP.createObjectBuilder();
        meters.stream()
                .sorted(Comparator.comparing((M meter) -> meter.getId().getTag(label), MeterSnapshot::labelOrder))
                .forEach(meter -> json.add(meter.getId().getTag(label), Math.round(value.applyAsDouble(meter))));
        return json.build();
    }

    private static int labelOrder(String a, String b) {
        return a.matches("\\d{1,9}") && b.matches("\\d{1,9}") ? Integer.compare(Integer.parseInt(a), Integer.parseInt(b))
                : a.compareTo(b);
    }

    private static JsonObject lag(Timer timer) {
        JsonArrayBuilder buckets = JsonP.createArrayBuilder();
        if (timer == null) {
            return JsonP.createObjectBuilder().add("count", 0).add("sumSeconds", 0.0).add("buckets", buckets).build();
        }
        HistogramSnapshot histogram = timer.takeSnapshot();
        for (CountAtBucket bucket : histogram.histogramCounts()) {
            buckets.add(JsonP.createObjectBuilder().add("le", bucket.bucket(TimeUnit.SECONDS))
                    .add("count", Math.round(bucket.count())));
        }
        return JsonP.createObjectBuilder().add("count", histogram.count())
                .add("sumSeconds", histogram.total(TimeUnit.SECONDS)).add("buckets", buckets).build();
    }
}
