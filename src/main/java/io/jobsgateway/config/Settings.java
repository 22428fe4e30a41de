package io.jobsgateway.config;

import io.jobsgateway.api.Identifiers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting of the gateway, read once at start-up. Each name is a MicroProfile Config
 * property, so it can also be given as an environment variable
 * ({@code jobs.max-connections-per-key} = {@code JOBS_MAX_CONNECTIONS_PER_KEY}) or a {@code -D}
 * system property.
 */
public record Settings(
        Optional<String> apiKeysFile,
        int maxConnectionsPerKey,
        long heartbeatIntervalMs,
        long heartbeatTimeoutMs,
        int historyMaxEvents,
        long historyTtlSeconds,
        List<String> allowedOrigins,
        int maxMessageBytes,
        int rateLimitPerSecond,
        int maxSubscriptions,
        int maxQueuedMessages,
        Redis redis,
        String loginClientId,
        boolean demoEnabled,
        Bounds bounds,
        Operations operations,
        WarmUp warmUp,
        Watchdog watchdog) {

    public static final String API_KEYS_FILE = "jobs.api-keys.file";
    public static final String REDIS_ADDRESS = "jobs.redis.address";

    /**
     * Cluster mode, on when {@code address} (or {@code configFile}) is set.
     *
     * @param address          {@code redis://host:port}, or {@code rediss://} for TLS
     * @param password         the password, if Redis asks for one
     * @param configFile       a full Redisson YAML (Sentinel, Cluster); replaces the settings above
     * @param timeoutMs        how long one Redis command may take
     * @param connectTimeoutMs how long connecting may take
     * @param poolSize         connections per node for commands
     * @param outboxSize       events fired while Redis is unreachable that wait to go out; past it the oldest are dropped
     * @param canaryIntervalMs how often each node checks, with a canary, that its bus subscription works
     */
    public record Redis(Optional<String> address, Optional<String> password, Optional<String> configFile,
                        int timeoutMs, int connectTimeoutMs, int poolSize, int outboxSize, long canaryIntervalMs) {

        public boolean enabled() {
            return address.isPresent() || configFile.isPresent();
        }
    }

    /** These settings for a single node: no Redis. */
    public Settings singleNode() {
        Redis none = new Redis(Optional.empty(), Optional.empty(), Optional.empty(), redis.timeoutMs(),
                redis.connectTimeoutMs(), redis.poolSize(), redis.outboxSize(), redis.canaryIntervalMs());
        return new Settings(apiKeysFile, maxConnectionsPerKey, heartbeatIntervalMs, heartbeatTimeoutMs, historyMaxEvents,
                historyTtlSeconds, allowedOrigins, maxMessageBytes, rateLimitPerSecond, maxSubscriptions, maxQueuedMessages,
                none, loginClientId, demoEnabled, bounds, operations, warmUp, watchdog);
    }

    /**
     * The hard limits of contract v1.1 on what one client may make the gateway hold.
     *
     * @param maxEventBytes        largest HTTP request body, and largest stored event (its JSON as sent)
     * @param maxQueuedBytes       bytes waiting to be sent to one connection; past it, as past the message count
     * @param historyMaxJobs       jobs whose history one node keeps in memory (single node); past it the least
     *                             recently active is forgotten whole
     * @param publishRatePerSecond HTTP requests per API key per second on one node; 0 for no limit
     * @param ticketTtlSeconds     how long a connection ticket stays valid
     * @param idempotencyTtlSeconds how long the answer of a request with an Idempotency-Key is repeated
     * @param demoMaxRunningJobs   demo jobs that may run at once on one node; past it 429
     */
    public record Bounds(int maxEventBytes, int maxQueuedBytes, int historyMaxJobs, int publishRatePerSecond,
                         long ticketTtlSeconds, long idempotencyTtlSeconds, int demoMaxRunningJobs) {
    }

    /**
     * What operators see (contract v1.1, section 9).
     *
     * @param metricsKey     when set, {@code GET /metrics} needs it as a Bearer token
     * @param metricsEnabled false turns every meter into a no-op, to measure what counting costs
     * @param opsRole        a container role that may open {@code /ops}, besides admin keys
     * @param jsonLogs       the connection log's lines as JSON objects instead of text
     */
    public record Operations(Optional<String> metricsKey, boolean metricsEnabled, Optional<String> opsRole,
                             boolean jsonLogs) {
    }

    /**
     * What a node does before it reports ready: the standalone WAR turns it on (its own
     * MicroProfile Config file), so that a restarted node meets its clients' reconnect storm with
     * its hot paths compiled; a host application's gateway does not warm up.
     *
     * @param enabled     whether the node exercises its own endpoints before readiness is UP
     * @param rounds      how many times it runs the warm-up's workload
     * @param connections the WebSocket connections each round opens to the node itself
     * @param port        the node's own HTTP port; 0 to ask the server (Payara Micro, WildFly)
     */
    public record WarmUp(boolean enabled, int rounds, int connections, int port) {
    }

    /**
     * The stalled-job watchdog: a job whose last event is not terminal and that has been silent
     * this long gets a {@code job.updated} with status {@code stalled}, and later a
     * {@code job.failed} with error {@code lost}. A job's {@code job.created} data may set its own
     * ({@code stallTimeoutSeconds}, {@code lostTimeoutSeconds}).
     *
     * @param stallTimeoutSeconds seconds of silence before a job is said to be stalled; 0: never
     * @param lostTimeoutSeconds  seconds of silence before a job is said to be lost; 0: never
     * @param sweepIntervalMs     how often silent jobs are looked for (on one node of a cluster at a time)
     */
    public record Watchdog(long stallTimeoutSeconds, long lostTimeoutSeconds, long sweepIntervalMs) {
    }

    /** Settings read, and what was wrong with them: each a sentence naming the setting, which kept its default. */
    record Loaded(Settings settings, List<String> problems) {
    }

    /** Reads every setting, strictly: the first wrong value throws with a message that names it. */
    public static Settings from(Function<String, Optional<String>> lookup) {
        Loaded loaded = load(lookup);
        if (!loaded.problems().isEmpty()) {
            throw new IllegalArgumentException(loaded.problems().get(0));
        }
        return loaded.settings();
    }

    /**
     * Reads every setting through {@code lookup}, which answers a property's raw value if it is
     * set; a wrong value is reported in {@link Loaded#problems()} and replaced by its default.
     */
    public static Loaded load(Function<String, Optional<String>> lookup) {
        Reader read = new Reader(lookup, new ArrayList<>());
        Settings settings = new Settings(
                read.text(API_KEYS_FILE),
                read.positiveInt("jobs.max-connections-per-key", 10),
                read.positiveLong("jobs.heartbeat.interval-ms", 30_000),
                read.positiveLong("jobs.heartbeat.timeout-ms", 60_000),
                read.positiveInt("jobs.history.max-events", 100),
                read.positiveLong("jobs.history.ttl-seconds", 86_400),
                read.list("jobs.allowed-origins", "*"),
                read.positiveInt("jobs.max-message-bytes", 8192),
                read.positiveInt("jobs.rate-limit.per-second", 20),
                read.positiveInt("jobs.max-subscriptions", 100),
                read.positiveInt("jobs.max-queued-messages", 1000),
                new Redis(read.redisAddress(),
                        read.text("jobs.redis.password"),
                        read.text("jobs.redis.config-file"),
                        read.positiveInt("jobs.redis.timeout-ms", 3000),
                        read.positiveInt("jobs.redis.connect-timeout-ms", 3000),
                        read.positiveInt("jobs.redis.pool-size", 16),
                        read.positiveInt("jobs.redis.outbox-size", 10_000),
                        read.positiveLong("jobs.redis.canary-interval-ms", 1000)),
                read.id("jobs.login.client-id", "default"),
                read.bool("jobs.demo.enabled", false),
                new Bounds(read.positiveInt("jobs.max-event-bytes", 65_536),
                        read.positiveInt("jobs.max-queued-bytes", 1_048_576),
                        read.positiveInt("jobs.history.max-jobs", 100_000),
                        read.nonNegativeInt("jobs.rate-limit.publish-per-second", 0),
                        read.positiveLong("jobs.ticket.ttl-seconds", 30),
                        read.positiveLong("jobs.idempotency.ttl-seconds", 600),
                        read.positiveInt("jobs.demo.max-running-jobs", 100)),
                new Operations(read.text("jobs.metrics.key"),
                        read.bool("jobs.metrics.enabled", true),
                        read.text("jobs.ops.role"),
                        read.choice("jobs.log.format", "text", "json").equals("json")),
                new WarmUp(read.bool("jobs.warmup.enabled", false),
                        read.positiveInt("jobs.warmup.rounds", 4),
                        read.positiveInt("jobs.warmup.connections", 200),
                        read.nonNegativeInt("jobs.warmup.port", 0)),
                new Watchdog(read.nonNegativeLong("jobs.stall-timeout-seconds", 0),
                        read.nonNegativeLong("jobs.lost-timeout-seconds", 0),
                        read.positiveLong("jobs.watchdog.sweep-interval-ms", 1000)));
        return new Loaded(settings, List.copyOf(read.problems()));
    }

    /** The defaults, with the given properties set: for tests. */
    public static Settings of(java.util.Map<String, String> properties) {
        return from(name -> Optional.ofNullable(properties.get(name)));
    }

    public boolean originAllowed(String origin) {
        return origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }

    private record Reader(Function<String, Optional<String>> lookup, List<String> problems) {

        Optional<String> redisAddress() {
            Optional<String> address = text(REDIS_ADDRESS);
            if (address.isPresent() && !address.get().matches("rediss?://.+")) {
                invalid(REDIS_ADDRESS, "redis://host:port or rediss://host:port", "unset");
                return Optional.empty();
            }
            return address;
        }

        Optional<String> text(String name) {
            return lookup.apply(name).map(String::trim).filter(value -> !value.isEmpty());
        }

        int positiveInt(String name, int defaultValue) {
            long value = positiveLong(name, defaultValue);
            if (value > Integer.MAX_VALUE) {
                return invalid(name, "a whole number up to " + Integer.MAX_VALUE, defaultValue);
            }
            return (int) value;
        }

        int nonNegativeInt(String name, int defaultValue) {
            return text(name).filter("0"::equals).isPresent() ? 0 : positiveInt(name, defaultValue);
        }

        long nonNegativeLong(String name, long defaultValue) {
            return text(name).filter("0"::equals).isPresent() ? 0 : positiveLong(name, defaultValue);
        }

        long positiveLong(String name, long defaultValue) {
            Optional<String> raw = text(name);
            if (raw.isEmpty()) {
                return defaultValue;
            }
            try {
                long value = Long.parseLong(raw.get());
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below, with the name of the setting
            }
            return invalid(name, "a whole number above 0", defaultValue);
        }

        boolean bool(String name, boolean defaultValue) {
            Optional<String> raw = text(name);
            if (raw.isEmpty()) {
                return defaultValue;
            }
            return switch (raw.get().toLowerCase()) {
                case "true" -> true;
                case "false" -> false;
                default -> invalid(name, "true or false", defaultValue);
            };
        }

        String choice(String name, String defaultValue, String other) {
            String value = text(name).orElse(defaultValue).toLowerCase();
            return value.equals(defaultValue) || value.equals(other) ? value
                    : invalid(name, defaultValue + " or " + other, defaultValue);
        }

        String id(String name, String defaultValue) {
            String value = text(name).orElse(defaultValue);
            return Identifiers.isValid(value) ? value : invalid(name, Identifiers.RULE, defaultValue);
        }

        List<String> list(String name, String defaultValue) {
            return Arrays.stream(text(name).orElse(defaultValue).split(","))
                    .map(String::trim).filter(value -> !value.isEmpty()).toList();
        }

        /**
         * The problem names the setting, never its value: readiness shows it to anyone who asks,
         * and a value (a Redis address with its password, say) may be a secret.
         */
        private <T> T invalid(String name, String expected, T defaultValue) {
            problems.add("Setting " + name + " must be " + expected
                    + "; fix it or remove it to use the default (" + defaultValue + ").");
            return defaultValue;
        }
    }
}
