package io.jobsgateway.ops;

import io.jobsgateway.config.Settings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * This node's meters (contract section 9), in a registry of the gateway's own, so that both
 * servers answer the same names whatever metrics subsystem they have. Every name is present
 * from start-up: counters at 0 for each value a label can take (the close codes of the
 * contract; a code seen later gets its own line then). In cluster mode each node counts only
 * what it did.
 */
@ApplicationScoped
public class GatewayMetrics {

    /** Where a published event came from. */
    public enum Source { HTTP, CDI }

    /** The transports a connection can have, as the {@code transport} label names them. */
    public static final List<String> TRANSPORTS = List.of("websocket", "sse", "poll");

    /** The close codes of the contract, counted from start-up. */
    static final List<Integer> CLOSE_CODES = List.of(1000, 1001, 1003, 1006, 1008, 1009, 1011, 1013, 4401, 4408, 4429);

    @Inject
    Settings settings;

    private String node;
    private PrometheusMeterRegistry registry;
    private DeliveryMeters deliveries;
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();
    private final Map<Source, Counter> published = new ConcurrentHashMap<>();
    private Counter rateLimited;
    private Counter resumedRecovered;
    private Counter resumedNotRecovered;
    private Counter gapFills;
    private final AtomicReference<IntSupplier> subscriptions = new AtomicReference<>(() -> 0);
    private final AtomicReference<IntSupplier> rooms = new AtomicReference<>(() -> 0);
    private final AtomicReference<IntSupplier> outboxWaiting = new AtomicReference<>(() -> 0);

    @PostConstruct
    void register() {
        node = nodeName();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (!settings.operations().metricsEnabled()) {
            registry.config().meterFilter(MeterFilter.deny()); // every meter below becomes a no-op
        }
        for (String transport : TRANSPORTS) {
            AtomicInteger open = new AtomicInteger();
            connections.put(transport, open);
            Gauge.builder(MeterNames.CONNECTIONS, open::get).tag("transport", transport)
                    .description("Open connections of this node").strongReference(true).register(registry);
        }
        Gauge.builder(MeterNames.SUBSCRIPTIONS, () -> subscriptions.get().getAsInt())
                .description("Rooms joined, summed over this node's connections").strongReference(true).register(registry);
        Gauge.builder(MeterNames.ROOMS, () -> rooms.get().getAsInt())
                .description("Rooms of this node with a connection in them").strongReference(true).register(registry);
        for (Source source : Source.values()) {
            published.put(source, Counter.builder(MeterNames.EVENTS_PUBLISHED).tag("source", source.name().toLowerCase())
                    .description("Job events published through this node").register(registry));
        }
        CLOSE_CODES.forEach(this::closeCounter);
        rateLimited = Counter.builder(MeterNames.RATE_LIMITED)
                .description("Messages and HTTP requests refused for a rate limit").register(registry);
        resumedRecovered = resumes(true);
        resumedNotRecovered = resumes(false);
        deliveries = new DeliveryMeters(registry);
        if (settings.redis().enabled()) {
            gapFills = Counter.builder(MeterNames.BUS_GAP_FILLS)
                    .description("Bus messages missed and read back from history").register(registry);
            Gauge.builder(MeterNames.OUTBOX_WAITING, () -> outboxWaiting.get().getAsInt())
                    .description("Job events fired here waiting to reach Redis").strongReference(true).register(registry);
        }
    }

    private Counter resumes(boolean recovered) {
        return Counter.builder(MeterNames.RESUMES).tag("recovered", Boolean.toString(recovered))
                .description("Subscriptions that resumed from a position, and whether nothing was missing")
                .register(registry);
    }

    private Counter closeCounter(int code) {
        return closes.computeIfAbsent(code, c -> Counter.builder(MeterNames.CLOSES).tag("code", Integer.toString(c))
                .description("Connections closed, by close code (refusals at the handshake included)").register(registry));
    }

    /** The delivery path's meters, to hold directly. */
    public DeliveryMeters deliveries() {
        return deliveries;
    }

    public void opened(String transport) {
        connections.get(transport).incrementAndGet();
    }

    /** A connection of {@code transport} ended with {@code code}; null for a transport that is no connection (a refusal). */
    public void closed(String transport, int code) {
        if (transport != null) {
            connections.get(transport).decrementAndGet();
        }
        closeCounter(code).increment();
    }

    public void published(Source source) {
        published.get(source).increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    public void resumed(boolean recovered) {
        (recovered ? resumedRecovered : resumedNotRecovered).increment();
    }

    /** The cluster bus read {@code events} it had missed back from history. */
    public void gapsFilled(int events) {
        if (gapFills != null && events > 0) {
            gapFills.increment(events);
        }
    }

    /** Where the subscriptions gauge reads its value. */
    public void countSubscriptionsWith(IntSupplier count) {
        subscriptions.set(count);
    }

    /** Where the rooms gauge reads its value. */
    public void countRoomsWith(IntSupplier count) {
        rooms.set(count);
    }

    /** Where the cluster outbox gauge reads its value. */
    public void countOutboxWith(IntSupplier count) {
        outboxWaiting.set(count);
    }

    public boolean enabled() {
        return settings.operations().metricsEnabled();
    }

    /** Every meter in Prometheus text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    /** Every meter now, as JSON, for the operations page: see {@link MeterSnapshot}. */
    public JsonObject snapshot() {
        return MeterSnapshot.of(registry, node, Instant.now());
    }

    /** This node's name on the operations page: its host's and its process's, so that nodes on one host differ. */
    public String node() {
        return node;
    }

    private static String nodeName() {
        String host = System.getenv("HOSTNAME"); // a container's name, where one is set
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
