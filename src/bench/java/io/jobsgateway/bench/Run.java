package io.jobsgateway.bench;

import io.jobsgateway.fixtures.GatewayServer;
import io.jobsgateway.fixtures.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What one scenario works with: its folder under {@code target/bench/}, the API keys it wrote,
 * the gateway nodes (and Redis) it started, its clients and what they received, and
 * the steps every scenario takes (open connections, publish a phase and measure it).
 */
final class Run implements AutoCloseable {

    static final String CLIENT_ID = "bench";
    /**
     * The scenarios that run over Server-Sent Events too: a stream names its rooms when it opens
     * and sends nothing after, so {@code storm} (no room) and {@code slow} (pongs while it reads
     * nothing) do not fit it as they are; {@code jobs} and {@code cluster} would, but have not been tried.
     */
    static final List<String> SSE_SCENARIOS = List.of("fanout", "idle", "scale");

    final Config config;
    final String scenario;
    final Path projectDir;
    final Path workDir;
    /** The System.nanoTime() origin of event due times ({@code bt}). */
    final long origin = System.nanoTime();
    final Clients clients;
    /** The connections are event streams ({@code -Dbench.transport=sse}), not WebSockets. */
    final boolean sse;
    final Tally tally;
    final List<Node> nodes = new ArrayList<>();
    RedisServer redis;

    final Path serverJvmFile;
    /** Options after those of {@link #serverJvmFile}, for every node this run starts: the JVM takes the last of each. */
    final List<String> serverJvmExtra = new ArrayList<>();
    final String publisherKey;
    private final String[] receiverKeys;
    private final int connectionsPerKey;
    private final Path keysFile;
    private final boolean jfr;
    private final double drainSeconds;
    final int inFlight;
    final long connectTimeoutSeconds;
    private int nextIndex;
    private final List<String> profiles = new ArrayList<>();

    Run(Config config, String scenario, Path workDir, int connections, int groups) throws IOException {
        this(config, scenario, workDir, connections, groups, config.string("transport", "websocket"));
    }

    /** {@code transport}: {@code websocket} or {@code sse}, for a scenario that has a transport setting of its own. */
    Run(Config config, String scenario, Path workDir, int connections, int groups, String transport) throws IOException {
        this.config = config;
        this.scenario = scenario;
        this.projectDir = config.projectDir();
        this.workDir = Files.createDirectories(workDir);
        this.connectionsPerKey = Math.max(1, config.integer("connectionsPerKey", 10));
        this.inFlight = config.integer("connectInFlight", 200);
        this.connectTimeoutSeconds = config.integer("connectTimeoutSeconds", 300);
        this.drainSeconds = config.decimal("drainSeconds", 10);
        this.jfr = config.flag("jfr", false);
        this.serverJvmFile = projectDir.resolve(config.string("serverJvm", "server-config/jvm.options"));
        this.sse = transport.equals("sse");
        if (sse && !SSE_SCENARIOS.contains(scenario)) {
            throw new IllegalArgumentException("-Dbench.transport=sse runs " + SSE_SCENARIOS + " only, not " + scenario);
        }
        this.clients = Clients.create(config.string("client", "nio"), config.integer("clientThreads", 1), transport);
        this.tally = new Tally(groups);
        String run = UUID.randomUUID().toString().substring(0, 8);
        this.publisherKey = "bench-publisher-" + run;
        this.receiverKeys = new String[(connections + connectionsPerKey - 1) / connectionsPerKey + 1];
        StringBuilder keys = new StringBuilder("[\n  {\"key\":\"" + publisherKey + "\",\"clientId\":\"" + CLIENT_ID
                + "\",\"scopes\":[\"publish\"]}");
        for (int i = 0; i < receiverKeys.length; i++) {
            receiverKeys[i] = "bench-" + run + "-" + i;
            keys.append(",\n  {\"key\":\"").append(receiverKeys[i]).append("\",\"clientId\":\"").append(CLIENT_ID)
                    .append("\"}");
        }
        keys.append("\n]\n");
        this.keysFile = this.workDir.resolve("keys.json");
        Files.writeString(keysFile, keys, StandardCharsets.UTF_8);
    }

    /** The server's JVM options: the options file's lines, without comments, {@code ${dir}} and {@code ${node}} filled in. */
    List<String> serverJvmOptions(String node) throws IOException {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(serverJvmFile, StandardCharsets.UTF_8)) {
            String text = line.replaceFirst("#.*", "").trim();
            if (!text.isEmpty()) {
                for (String option : text.split("\\s+")) {
                    options.add(option.replace("${dir}", workDir.toString()).replace("${node}", node));
                }
            }
        }
        options.addAll(serverJvmExtra);
        return options;
    }

    /** Starts a gateway node with the run's keys and any {@code extra} settings, and waits until it is ready. */
    Node startNode(String name, Map<String, String> extra) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JOBS_API_KEYS_FILE", keysFile.toString());
        environment.put("JOBS_MAX_CONNECTIONS_PER_KEY", Integer.toString(Math.max(10, connectionsPerKey)));
        environment.putAll(extra);
        environment.putAll(serverEnv());
        GatewayServer server = Build.node(name, serverJvmOptions(name), environment, workDir);
        server.start();
        Node node = new Node(name, server);
        nodes.add(node);
        node.awaitReady(config.integer("startTimeoutSeconds", 300));
        System.out.println("bench: " + name + " ready on port " + node.port + " (pid " + node.pid() + ")");
        return node;
    }

    /**
     * Waits, over SSE, until the server has let go of the streams the client closed: a servlet
     * learns that a client left only when a write to it fails, and the first write after the
     * client closed still succeeds (it draws the reset), so a closed stream stays until its
     * second heartbeat ping after that, up to two intervals (protocol.md, "A closed page").
     * Nothing to wait for over WebSocket, whose close the server reads. Answers the seconds waited.
     */
    double awaitClosedStreams() {
        if (!sse) {
            return 0;
        }
        double seconds = 2 * Long.parseLong(serverEnv().getOrDefault("JOBS_HEARTBEAT_INTERVAL_MS", "30000")) / 1000.0
                + 2; // the heartbeat's tick (1 s at most) and a margin
        System.out.printf(Locale.ROOT, "bench: %s waiting %.0f s for the server to find the closed streams gone%n",
                scenario, seconds);
        Bench.sleep((long) (seconds * 1000));
        return seconds;
    }

    /** The server settings of {@code -Dbench.serverEnv} ({@code NAME=value,...}), which every node gets. */
    Map<String, String> serverEnv() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String setting : config.string("serverEnv", "").split(",")) {
            int at = setting.indexOf('=');
            if (at > 0) {
                settings.put(setting.substring(0, at).trim(), setting.substring(at + 1).trim());
            }
        }
        return settings;
    }

    /**
     * A new connection (not yet opened) with the next key; {@code jobId} null connects without
     * subscribing. Keys are used {@code connectionsPerKey} connections each, in turn, and the turn
     * wraps round: the key file holds only as many keys as the most connections open at once need
     * (the gateway checks a key against every entry of its file, so a longer file would make each
     * handshake and request dearer than the benchmark means it to be).
     */
    Subscriber subscriber(Batch batch, String jobId, int group, Node node) {
        int index = nextIndex++;
        String key = receiverKeys[(index / connectionsPerKey) % receiverKeys.length];
        return new Subscriber(index, key, jobId, group, node.port, tally, batch, origin);
    }

    Publisher publisher(Node node) {
        return publisher(node, Publisher.Mix.PROGRESS);
    }

    Publisher publisher(Node node, Publisher.Mix mix) {
        return new Publisher(node.port, publisherKey, config.integer("publishers", 8), origin, mix);
    }

    /** One phase of publishing, as it was measured. */
    static final class Phase {
        final int id;
        final double rate;
        final Publisher.Outcome published;
        final long expected;
        final Tally.Counts received;
        final Window window;
        final List<String> profile;

        Phase(int id, double rate, Publisher.Outcome published, long expected, Tally.Counts received, Window window,
              List<String> profile) {
            this.id = id;
            this.rate = rate;
            this.published = published;
            this.expected = expected;
            this.received = received;
            this.window = window;
            this.profile = profile;
        }

        long lost() {
            return Math.max(0, expected - received.distinct);
        }

        /** The same phase as some of its receivers saw it: {@code received} is theirs, {@code expected} what they expected. */
        Phase seenBy(Tally.Counts theirs, long theyExpected) {
            return new Phase(id, rate, published, theyExpected, theirs, window, profile);
        }

        double publishSeconds() {
            return (published.lastDueNanos - published.firstDueNanos) / 1e9 + 1 / rate;
        }
    }

    /**
     * Warms the nodes up: runs {@code chunk} (a few seconds of the scenario's own work) again and
     * again for at least {@code minSeconds}, and then until the nodes' JIT compiler threads were
     * nearly idle during the last chunk (under {@code -Dbench.warmupJitCores}, 0.05 cores), or
     * {@code -Dbench.warmupMaxSeconds} (120) have passed. Answers how long it took.
     */
    double warmUntilQuiet(String what, double minSeconds, Runnable chunk) {
        double quiet = config.decimal("warmupJitCores", 0.05);
        double maxSeconds = Math.max(minSeconds, config.decimal("warmupMaxSeconds", 120));
        long start = System.nanoTime();
        double elapsed;
        double compiling;
        int chunks = 0;
        do {
            long ticks = compilerTicks();
            long chunkStart = System.nanoTime();
            double chunkSeconds;
            do { // rounds of at least 3 s, so that the compilers' share is measured over enough clock ticks
                chunk.run();
                chunks++;
                chunkSeconds = (System.nanoTime() - chunkStart) / 1e9;
            } while (chunkSeconds < 3);
            compiling = Math.max(0, Proc.ticksToSeconds(compilerTicks() - ticks)) / chunkSeconds;
            elapsed = (System.nanoTime() - start) / 1e9;
        } while (elapsed < maxSeconds && (elapsed < minSeconds || compiling >= quiet));
        warmup = String.format(Locale.ROOT, "%s: %.0f s in %d rounds; JIT compilers at %.2f cores in the last round%s",
                what, elapsed, chunks, compiling, compiling >= quiet ? " (still compiling: -Dbench.warmupMaxSeconds reached)" : "");
        System.out.println("bench: " + scenario + " warm-up " + warmup);
        return elapsed;
    }

    /** How the last warm-up went, for the report. */
    String warmup = "none";

    /** CPU ticks of the nodes' JIT compiler threads (C1, C2) so far. */
    private long compilerTicks() {
        long sum = 0;
        for (Node node : nodes) {
            for (Map.Entry<String, Long> thread : Proc.threadTicks(node.pid()).entrySet()) {
                if (thread.getKey().contains("CompilerThre")) {
                    sum += thread.getValue();
                }
            }
        }
        return sum;
    }

    /** Publishes at the scenario's rate, unmeasured, until the JIT settles (see {@link #warmUntilQuiet}). */
    double warmUp(Publisher publisher, double rate, double minSeconds, String[] jobs) {
        System.out.printf(Locale.ROOT, "bench: %s warm-up, %.0f events/s for %.0f s or more%n", scenario, rate, minSeconds);
        double seconds = warmUntilQuiet(Report.num(rate) + " events/s", minSeconds,
                () -> publisher.run(0, rate, Math.min(5, Math.max(1, minSeconds)), jobs));
        Bench.sleep(1000);
        return seconds;
    }

    /** Publishes at a new rate for a moment, unmeasured, so that the next measured phase starts settled. */
    void settle(Publisher publisher, double rate, double seconds, String[] jobs) {
        if (seconds > 0) {
            publisher.run(0, rate, seconds, jobs);
        }
    }

    /**
     * Publishes phase {@code id} (1 or more) and measures it: {@code receivers[j]} subscribers
     * expect every accepted event of {@code jobs[j]}. After the last event it waits until all
     * expected deliveries arrived, or {@code -Dbench.drainSeconds}.
     */
    Phase measure(Publisher publisher, int id, double rate, double seconds, String[] jobs, int[] receivers) {
        return measure(publisher, id, rate, seconds, jobs, receivers, drainSeconds);
    }

    /** {@link #measure} waiting up to {@code drainSeconds} for the deliveries after the last event. */
    Phase measure(Publisher publisher, int id, double rate, double seconds, String[] jobs, int[] receivers,
                  double drainSeconds) {
        System.out.printf(Locale.ROOT, "bench: %s measuring, %.0f events/s for %.0f s%n", scenario, rate, seconds);
        startProfiling();
        Window window = new Window(nodes, redis);
        Publisher.Outcome published = publisher.run(id, rate, seconds, jobs);
        long expected = 0;
        for (int j = 0; j < jobs.length; j++) {
            expected += published.acceptedPerJob.get(j) * receivers[j];
        }
        long deadline = System.nanoTime() + (long) (drainSeconds * 1e9);
        while (tally.distinct(id) < expected && System.nanoTime() < deadline) {
            Bench.sleep(5);
        }
        window.end();
        List<String> profile = stopProfiling(scenario + "-phase" + id);
        return new Phase(id, rate, published, expected, tally.phase(id), window, profile);
    }

    void startProfiling() {
        if (jfr) {
            for (Node node : nodes) {
                node.startRecording();
            }
        }
    }

    /** Stops the JFR recordings and summarises them; answers the summary lines (empty without -Dbench.jfr). */
    List<String> stopProfiling(String label) {
        List<String> lines = new ArrayList<>();
        if (!jfr) {
            return lines;
        }
        for (Node node : nodes) {
            Path recording = workDir.resolve(label + "-" + node.name + ".jfr");
            node.stopRecording(recording);
            Path text = workDir.resolve(label + "-" + node.name + "-profile.txt");
            try {
                List<String> summary = JfrSummary.summarise(recording, text);
                lines.add("JFR " + node.name + " (" + text + "): " + summary.get(0));
                lines.addAll(summary.subList(1, summary.size()));
                profiles.add(text.toString());
            } catch (IOException e) {
                lines.add("JFR " + node.name + ": cannot summarise " + recording + ": " + e);
            }
        }
        return lines;
    }

    List<String> profiles() {
        return profiles;
    }

    /** The usual rows and fields of a measured publishing phase. */
    void reportPhase(Report report, Publisher publisher, Phase phase, double warmupSeconds, String deliveryUnit) {
        Publisher.Outcome p = phase.published;
        Tally.Counts r = phase.received;
        double seconds = phase.publishSeconds();
        report.row("measured", String.format(Locale.ROOT, "%.1f s of publishing (+ drain, window %.1f s)",
                seconds, phase.window.seconds));
        report.row("warm-up", warmup);
        report.row("events", String.format(Locale.ROOT, "%s accepted (%s/s; asked %s/s), %d failed%s",
                Report.num(p.accepted.sum()), Report.num(p.accepted.sum() / seconds), Report.num(phase.rate), p.failed(),
                p.failures.isEmpty() ? "" : " " + p.failures));
        report.row("publish answer", Report.latencyText(p.answerLatency) + "\n(from the due time; send lag p99 "
                + Report.ms(p.sendLag.percentile(0.99)) + ", max " + Report.ms(p.sendLag.max()) + ", "
                + "over " + p.answerLatency.count() + " requests on " + publisher.threads() + " connections)");
        report.row("deliveries", String.format(Locale.ROOT, "%s (%s/s); expected %s: lost %s, duplicates %d, reordered %d",
                Report.num(r.distinct), Report.num(r.distinct / seconds), Report.num(phase.expected),
                Report.num(phase.lost()), r.duplicates, r.reorders));
        report.row("latency", Report.latencyText(r.latency) + "\n(receive time - intended send time)");
        phase.window.report(report, deliveryUnit, r.distinct);
        double serverSeconds = phase.window.serverCpuSeconds();
        report.row("server CPU / event", Window.micros(serverSeconds / Math.max(1, p.accepted.sum())));
        Map<String, Object> events = new LinkedHashMap<>();
        events.put("askedPerSecond", phase.rate);
        events.put("accepted", p.accepted.sum());
        events.put("acceptedPerSecond", p.accepted.sum() / seconds);
        events.put("failed", p.failed());
        events.put("failures", new LinkedHashMap<>(p.failures.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()))));
        events.put("answerLatency", Report.latencyJson(p.answerLatency));
        events.put("sendLag", Report.latencyJson(p.sendLag));
        events.put("serverMicrosPerEvent", serverSeconds * 1e6 / Math.max(1, p.accepted.sum()));
        report.put("events", events);
        Map<String, Object> deliveries = new LinkedHashMap<>();
        deliveries.put("delivered", r.distinct);
        deliveries.put("perSecond", r.distinct / seconds);
        deliveries.put("expected", phase.expected);
        deliveries.put("lost", phase.lost());
        deliveries.put("duplicates", r.duplicates);
        deliveries.put("reorders", r.reorders);
        deliveries.put("latency", Report.latencyJson(r.latency));
        report.put("deliveries", deliveries);
        report.put("measuredSeconds", seconds);
        report.put("warmupSeconds", warmupSeconds);
        report.put("warmup", warmup);
        for (String line : phase.profile) {
            report.note(line);
        }
        if (tally.malformedCount() > 0) {
            report.note("unreadable job events: " + tally.malformedCount());
        }
    }

    /** Server memory rows: each node's RSS now. */
    void reportMemory(Report report) {
        List<Object> rss = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Node node : nodes) {
            long bytes = node.rssBytes();
            rss.add(Map.of("node", node.name, "rssBytes", bytes));
            text.append(text.length() == 0 ? "" : ", ").append(node.name).append(' ').append(Report.mb(bytes));
        }
        report.row("server RSS", text.toString());
        report.put("serverRss", rss);
    }

    /** Connection rows: how the batch came up. */
    void reportConnections(Report report, Batch batch, int asked) {
        report.row("connections", String.format(Locale.ROOT, "%d of %d up in %.1f s (%d in flight), %d failed%s; "
                        + "handshake p50 %s p99 %s",
                batch.ready(), asked, batch.seconds(), inFlight, batch.failed(),
                batch.failures().isEmpty() ? "" : " " + batch.failures(),
                Report.ms(batch.handshake.percentile(0.5)), Report.ms(batch.handshake.percentile(0.99))));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("asked", asked);
        json.put("up", batch.ready());
        json.put("failed", batch.failed());
        json.put("failures", batch.failures());
        json.put("droppedByServer", batch.dropped());
        json.put("drops", batch.drops());
        report.put("connections", json);
        if (batch.dropped() > 0) {
            report.row("dropped", batch.dropped() + " connections closed by the server while the benchmark ran "
                    + batch.drops());
        }
    }

    @Override
    public void close() {
        clients.closeAll(10_000);
        clients.close();
        for (Node node : nodes) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
