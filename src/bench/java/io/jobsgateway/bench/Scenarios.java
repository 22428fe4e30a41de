package io.jobsgateway.bench;

import io.jobsgateway.fixtures.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scenarios of issue 5. Every size is a {@code -Dbench.<scenario>.<name>} property whose
 * default is the figure; every scenario starts its own gateway (and Redis), warms it up
 * first and measures after.
 */
final class Scenarios {

    static final List<String> ALL = List.of("fanout", "jobs", "storm", "idle", "cluster", "slow");
    /**
     * Every scenario {@link #run} knows: those of {@code all}, and {@code scale}, which at its
     * default size needs open-file limits many machines do not allow, so it runs only when named.
     */
    static final List<String> KNOWN = List.of("fanout", "jobs", "storm", "idle", "cluster", "slow", "scale");

    private Scenarios() {
    }

    static List<Report> run(String scenario, Config config, Path dir) throws IOException {
        return switch (scenario) {
            case "fanout" -> List.of(fanout(config, dir));
            case "jobs" -> jobs(config, dir);
            case "storm" -> List.of(storm(config, dir));
            case "idle" -> List.of(idle(config, dir));
            case "cluster" -> List.of(cluster(config, dir));
            case "slow" -> SlowReaders.run(config, dir);
            case "scale" -> List.of(Scale.run(config, dir));
            default -> throw new IllegalArgumentException("unknown scenario " + scenario + "; known: " + KNOWN
                    + " and all (" + ALL + ")");
        };
    }

    /** fanout: 1000 connections in one job room, 20 events/s (20,000 deliveries/s). */
    static Report fanout(Config config, Path dir) throws IOException {
        int connections = config.integer("fanout.connections", 1000);
        double rate = config.decimal("fanout.rate", 20);
        double warmup = config.decimal("warmupSeconds", 20);
        double seconds = config.decimal("seconds", 60);
        try (Run run = new Run(config, "fanout", dir, connections, 1)) {
            Node node = run.startNode("gateway", Map.of());
            String[] jobs = {"fanout-1"};
            Batch batch = new Batch(run.inFlight);
            List<Subscriber> subscribers = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                subscribers.add(run.subscriber(batch, jobs[0], 0, node));
            }
            batch.open(run.clients, subscribers, run.connectTimeoutSeconds);
            try (Publisher publisher = run.publisher(node)) {
                warmup = run.warmUp(publisher, rate, warmup, jobs);
                int[] receivers = {ready(subscribers, jobs[0])};
                Run.Phase phase = run.measure(publisher, 1, rate, seconds, jobs, receivers);
                Report report = new Report("fanout").title(connections + " connections in one job room, "
                        + Report.num(rate) + " events/s (" + Report.num(rate * connections) + " deliveries/s)");
                run.reportPhase(report, publisher, phase, warmup, "delivery");
                run.reportMemory(report);
                run.reportConnections(report, batch, connections);
                return report;
            }
        }
    }

    /**
     * jobs: 2000 connections each on a job of its own, 500 events/s spread over the jobs; then a
     * search for the most events/s whose p99 stays within 50 ms.
     */
    static List<Report> jobs(Config config, Path dir) throws IOException {
        int connections = config.integer("jobs.connections", 2000);
        double rate = config.decimal("jobs.rate", 500);
        double warmup = config.decimal("warmupSeconds", 20);
        double seconds = config.decimal("seconds", 60);
        boolean search = config.flag("jobs.search", true);
        List<Report> reports = new ArrayList<>();
        try (Run run = new Run(config, "jobs", dir, connections, 1)) {
            Node node = run.startNode("gateway", Map.of());
            String[] jobs = new String[connections];
            Batch batch = new Batch(run.inFlight);
            List<Subscriber> subscribers = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                jobs[i] = "job-" + i;
                subscribers.add(run.subscriber(batch, jobs[i], 0, node));
            }
            batch.open(run.clients, subscribers, run.connectTimeoutSeconds);
            try (Publisher publisher = run.publisher(node)) {
                warmup = run.warmUp(publisher, rate, warmup, jobs);
                Run.Phase phase = run.measure(publisher, 1, rate, seconds, jobs, receivers(subscribers, jobs));
                Report report = new Report("jobs").title(connections + " connections, each on its own job, "
                        + Report.num(rate) + " events/s");
                run.reportPhase(report, publisher, phase, warmup, "delivery");
                run.reportMemory(report);
                run.reportConnections(report, batch, connections);
                reports.add(report);
                if (search) {
                    reports.add(searchMaxRate(config, run, publisher, subscribers, jobs, phase));
                }
            }
        }
        return reports;
    }

    /**
     * Searches the most events/s that pass: from the base rate's result it doubles the rate while
     * steps pass (or halves it while they fail), then bisects between the highest rate that passed
     * and the lowest that failed. A step passes when p99 is within {@code -Dbench.search.p99Millis},
     * nothing is lost, at least 97 % of the asked rate was accepted, nothing failed to publish, and
     * the generator was not saturated; a step that saturates the generator ends the search (the
     * answer is then a lower bound).
     */
    private static Report searchMaxRate(Config config, Run run, Publisher publisher, List<Subscriber> subscribers,
                                        String[] jobs, Run.Phase base) {
        double p99Limit = config.decimal("search.p99Millis", 50);
        double stepSeconds = config.decimal("search.stepSeconds", 15);
        double settleSeconds = config.decimal("search.settleSeconds", 3);
        double minRate = config.decimal("search.minRate", 10);
        double maxRate = config.decimal("search.maxRate", 64000);
        int refine = config.integer("search.refineSteps", 3);
        Report report = new Report("jobs-search").title("the most events/s over " + jobs.length
                + " jobs (one connection each) with p99 <= " + Report.num(p99Limit) + " ms");
        List<Object> steps = new ArrayList<>();
        double pass = 0;
        double fail = 0;
        String limitedBy = null;
        int phaseId = 2;
        int refined = 0;
        Run.Phase phase = base;
        while (true) {
            Report cpu = new Report("step");
            phase.window.report(cpu, "delivery", phase.received.distinct);
            List<String> why = failures(phase, p99Limit, cpu);
            boolean passed = why.isEmpty();
            report.row(String.format(Locale.ROOT, "%,.0f events/s", phase.rate), String.format(Locale.ROOT,
                    "%s  %s; lost %d; server %.2f cores (%s/event), generator %.2f cores%s",
                    passed ? "PASS" : "FAIL (" + String.join(", ", why) + ")",
                    Report.latencyText(phase.received.latency), phase.lost(),
                    phase.window.serverCpuSeconds() / phase.window.seconds,
                    Window.micros(phase.window.serverCpuSeconds() / Math.max(1, phase.published.accepted.sum())),
                    phase.window.generatorCores(), phase == base ? " (the measured phase above)" : ""));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rate", phase.rate);
            json.put("passed", passed);
            json.put("why", why);
            json.put("accepted", phase.published.accepted.sum());
            json.put("acceptedPerSecond", phase.published.accepted.sum() / phase.publishSeconds());
            json.put("lost", phase.lost());
            json.put("duplicates", phase.received.duplicates);
            json.put("reorders", phase.received.reorders);
            json.put("latency", Report.latencyJson(phase.received.latency));
            json.put("cpu", cpu.get("cpu"));
            steps.add(json);
            if (phase != base) {
                for (String line : phase.profile) {
                    report.note(line);
                }
            }
            if (passed) {
                pass = Math.max(pass, phase.rate);
            } else {
                fail = fail == 0 ? phase.rate : Math.min(fail, phase.rate);
                if (!cpu.valid()) {
                    limitedBy = "generator";
                    break;
                }
            }
            double next;
            if (fail == 0) {
                next = phase.rate * 2;
                if (next > maxRate) {
                    break;
                }
            } else if (pass == 0) {
                next = Math.floor(phase.rate / 2);
                if (next < minRate) {
                    break;
                }
            } else {
                if (refined++ >= refine || fail - pass <= Math.max(10, pass * 0.05)) {
                    break;
                }
                next = Math.round((pass + fail) / 2);
            }
            if (phaseId >= Tally.PHASES) {
                break;
            }
            System.out.printf(Locale.ROOT, "bench: jobs search, %.0f events/s%n", next);
            run.settle(publisher, next, settleSeconds, jobs);
            phase = run.measure(publisher, phaseId++, next, stepSeconds, jobs, receivers(subscribers, jobs));
        }
        String verdict = pass == 0 ? "none of the rates tried passed"
                : Report.num(pass) + " events/s" + (fail > 0 ? " (" + Report.num(fail) + " failed)" : " (the highest tried)")
                + (limitedBy != null ? "; a lower bound: the " + limitedBy + " saturated" : "");
        report.row("max events/s", verdict);
        report.put("p99LimitMs", p99Limit);
        report.put("maxPassingRate", pass);
        report.put("lowestFailingRate", fail);
        report.put("limitedBy", limitedBy);
        report.put("stepSeconds", stepSeconds);
        report.put("steps", steps);
        if (limitedBy != null) {
            report.invalid("the generator saturated before the server failed: the maximum is a lower bound");
        }
        return report;
    }

    /** Why a search step failed; empty when it passed. {@code cpu} holds the step's CPU report (its validity). */
    private static List<String> failures(Run.Phase phase, double p99LimitMillis, Report cpu) {
        List<String> why = new ArrayList<>();
        long p99 = phase.received.latency.percentile(0.99);
        if (p99 > p99LimitMillis * 1000) {
            why.add("p99 " + Report.ms(p99));
        }
        if (phase.lost() > 0) {
            why.add(phase.lost() + " lost");
        }
        double accepted = phase.published.accepted.sum() / phase.publishSeconds();
        if (accepted < 0.97 * phase.rate) {
            why.add("accepted only " + Report.num(accepted) + "/s");
        }
        if (phase.published.failed() > 0) {
            why.add(phase.published.failed() + " publish failures " + phase.published.failures);
        }
        if (!cpu.valid()) {
            why.add("generator saturated");
        }
        return why;
    }

    /** storm: 5000 authenticated connects, 200 in flight. */
    static Report storm(Config config, Path dir) throws IOException {
        int connections = config.integer("storm.connections", 5000);
        int inFlight = config.integer("storm.inFlight", 200);
        int warmupConnections = config.integer("storm.warmupConnections", 1000);
        try (Run run = new Run(config, "storm", dir, Math.max(connections, warmupConnections), 1)) {
            Node node = run.startNode("gateway", Map.of());
            System.out.println("bench: storm warm-up, rounds of " + warmupConnections + " connects");
            run.warmUntilQuiet("rounds of " + warmupConnections + " connects", config.decimal("warmupSeconds", 20), () -> {
                Batch warm = new Batch(inFlight);
                List<Subscriber> warmers = new ArrayList<>();
                for (int i = 0; i < warmupConnections; i++) {
                    warmers.add(run.subscriber(warm, null, 0, node));
                }
                warm.open(run.clients, warmers, run.connectTimeoutSeconds);
                run.clients.closeAll(30_000);
            });
            Bench.sleep(2000);
            System.out.println("bench: storm measuring, " + connections + " connects, " + inFlight + " in flight");
            Batch batch = new Batch(inFlight);
            List<Subscriber> subscribers = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                subscribers.add(run.subscriber(batch, null, 0, node));
            }
            run.startProfiling();
            long overflows = Proc.netstat("TcpExt", "ListenOverflows");
            long drops = Proc.netstat("TcpExt", "ListenDrops");
            Window window = new Window(run.nodes, null);
            batch.open(run.clients, subscribers, run.connectTimeoutSeconds);
            window.end();
            overflows = Proc.netstat("TcpExt", "ListenOverflows") - overflows;
            drops = Proc.netstat("TcpExt", "ListenDrops") - drops;
            List<String> profile = run.stopProfiling("storm");
            Report report = new Report("storm").title(connections + " authenticated connects, " + inFlight + " in flight");
            double rate = batch.ready() / batch.seconds();
            report.row("handshakes", String.format(Locale.ROOT, "%d of %d up in %.2f s: %s/s; %d failed%s",
                    batch.ready(), connections, batch.seconds(), Report.num(rate), batch.failed(),
                    batch.failures().isEmpty() ? "" : " " + batch.failures()));
            report.row("connect latency", Report.latencyText(batch.handshake) + "\n(TCP connect to `connected`, "
                    + inFlight + " in flight: queueing included)");
            report.row("accept queue", overflows + " listen overflows, " + drops + " listen drops (TcpExt, whole"
                    + " network namespace; each dropped SYN costs its client a 1 s retransmit)");
            report.row("warm-up", run.warmup);
            window.report(report, "handshake", batch.ready());
            run.reportMemory(report);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("asked", connections);
            json.put("inFlight", inFlight);
            json.put("up", batch.ready());
            json.put("failed", batch.failed());
            json.put("failures", batch.failures());
            json.put("seconds", batch.seconds());
            json.put("perSecond", rate);
            json.put("latency", Report.latencyJson(batch.handshake));
            json.put("warmupConnections", warmupConnections);
            json.put("warmup", run.warmup);
            json.put("listenOverflows", overflows);
            json.put("listenDrops", drops);
            report.put("handshakes", json);
            long closeStart = System.nanoTime();
            run.clients.closeAll(60_000);
            double closeSeconds = (System.nanoTime() - closeStart) / 1e9;
            report.row("closing", String.format(Locale.ROOT, "all closed in %.2f s; %d still open", closeSeconds,
                    run.clients.open()));
            report.put("closeSeconds", closeSeconds);
            for (String line : profile) {
                report.note(line);
            }
            if (batch.failed() > 0) {
                report.note("failed connects: " + batch.failures());
            }
            return report;
        }
    }

    /**
     * idle: 5000 subscribed connections: the server's RSS and live heap per connection (with N
     * connections minus with none, each the class histogram's total after a full GC, "with none"
     * once as many were opened and closed), what idling costs it, and what the generator pays
     * per connection.
     */
    static Report idle(Config config, Path dir) throws IOException {
        int connections = config.integer("idle.connections", 5000);
        int warmupConnections = config.integer("idle.warmupConnections", 500);
        double idleSeconds = config.decimal("idle.seconds", 30);
        double settleSeconds = config.decimal("idle.settleSeconds", 10);
        double heapSettleSeconds = config.decimal("idle.heapSettleSeconds", 180);
        try (Run run = new Run(config, "idle", dir, Math.max(connections, warmupConnections), 1)) {
            Node node = run.startNode("gateway", Map.of());
            System.out.println("bench: idle warm-up, rounds of " + warmupConnections + " subscribed connections");
            run.warmUntilQuiet("rounds of " + warmupConnections + " subscribed connections", 0,
                    () -> openAndClose(run, node, warmupConnections, "idle-warm-", 30_000));
            // The baseline is taken with the server grown as the measured opening will grow it
            // (opening this many at once grows Payara's HTTP worker pool to its 200 threads): the
            // same number are opened, on jobs of their own, the same number in flight, and closed
            // again first. Then it waits until the heap stops shrinking: Grizzly keeps closed
            // connections reachable for a while (30,000 of the warm-up's were in one baseline
            // taken 10 s after it, 40 MB), which put "with none" above "with 5000" in two runs.
            System.out.println("bench: idle, opening and closing " + connections
                    + " subscribed connections, so that the baseline has the server's pools grown");
            Batch growing = openAndClose(run, node, connections, "idle-grow-", 60_000);
            Bench.sleep((long) (settleSeconds * 1000));
            run.awaitClosedStreams(); // or "with none" would still hold those streams
            Settled none = settledHeap(node, dir.resolve("heap-none.txt"), heapSettleSeconds);
            long heapBefore = none.heap.totalBytes;
            int threadsBefore = Proc.threadTicks(node.pid()).size();
            long rssBefore = node.rssBytes();
            long generatorRssBefore = generatorRssAfterGc();
            long generatorHeapBefore = generatorHeap();
            System.out.printf(Locale.ROOT, "bench: idle, no connections; measuring for %.0f s%n", idleSeconds);
            Window idleWithNone = new Window(run.nodes, null);
            Bench.sleep((long) (idleSeconds * 1000));
            idleWithNone.end();
            System.out.println("bench: idle, opening " + connections + " subscribed connections");
            Batch batch = new Batch(run.inFlight);
            List<Subscriber> subscribers = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                subscribers.add(run.subscriber(batch, "idle-" + i, 0, node));
            }
            Window opening = new Window(run.nodes, null);
            batch.open(run.clients, subscribers, run.connectTimeoutSeconds);
            opening.end();
            Bench.sleep((long) (settleSeconds * 1000));
            Settled with = settledHeap(node, dir.resolve("heap-with.txt"), heapSettleSeconds);
            long heapWith = with.heap.totalBytes;
            int threadsWith = Proc.threadTicks(node.pid()).size();
            long rssWith = node.rssBytes();
            long generatorRssWith = generatorRssAfterGc();
            long generatorHeapWith = generatorHeap();
            int up = batch.ready();
            System.out.printf(Locale.ROOT, "bench: idle, %d connections open; measuring for %.0f s%n", up, idleSeconds);
            run.startProfiling();
            long pingsBefore = pings(subscribers);
            Window idling = new Window(run.nodes, null);
            Bench.sleep((long) (idleSeconds * 1000));
            idling.end();
            long pings = pings(subscribers) - pingsBefore;
            List<String> profile = run.stopProfiling("idle");
            int stillOpen = ready(subscribers, null);
            run.clients.closeAll(60_000);
            Bench.sleep((long) (settleSeconds * 1000));
            long heapAfter = node.gcAndHeapUsed();
            long rssAfter = node.rssBytes();
            double releaseSeconds = run.awaitClosedStreams();
            Settled released = settledHeap(node, dir.resolve("heap-after.txt"), heapSettleSeconds);
            long heapReleased = released.heap.totalBytes;

            Report report = new Report("idle").title(connections + " subscribed connections, each on its own job");
            int n = Math.max(1, up);
            report.row("server RSS", String.format(Locale.ROOT, "%s with none, %s with %d: %s per connection",
                    Report.mb(rssBefore), Report.mb(rssWith), up, Report.kb((double) (rssWith - rssBefore) / n)));
            report.note("RSS moves little once the heap has been touched (warm-up churn, -Xms): the live heap is the"
                    + " figure that grows with connections; kernel socket buffers are in neither.");
            report.row("server heap", String.format(Locale.ROOT, "%s live with none, %s with %d: %s per connection"
                            + " (after a full GC each)",
                    Report.mb(heapBefore), Report.mb(heapWith), up, Report.kb((double) (heapWith - heapBefore) / n)));
            report.row("baseline", String.format(Locale.ROOT, "taken after %d connections (%d up) were opened and closed"
                            + " as the measured ones are; server threads %d with none, %d with %d; the heap settled (histograms"
                            + " over %.0f s within %s) in %.0f s with none, %.0f s with %d; grown most: %s",
                    connections, growing.ready(), threadsBefore, threadsWith, up, HEAP_SETTLE_SPAN_SECONDS,
                    Report.mb(HEAP_SETTLE_BYTES), none.seconds, with.seconds, up,
                    String.join(", ", with.heap.grownSince(none.heap, 6))));
            if (!none.settled || !with.settled) {
                report.invalid("the live heap did not settle within " + heapSettleSeconds + " s");
            }
            if (growing.ready() < connections * 0.98) {
                report.invalid("only " + growing.ready() + " of the " + connections + " connections opened before the"
                        + " baseline came up (" + growing.failures() + "): its pools were not grown as the measured ones grow them");
            } else if (growing.failed() > 0) {
                report.note(growing.failed() + " of the " + connections + " connections opened before the baseline were"
                        + " refused (" + growing.failures() + "): a key's closed streams not yet found gone");
            }
            report.note("The class histograms (each a full GC, then live objects only) are heap-none.txt,"
                    + " heap-with.txt and heap-after.txt in the scenario's folder.");
            report.row("after closing", String.format(Locale.ROOT, "heap %s live, RSS %s (%s of heap kept vs none)",
                    Report.mb(heapAfter), Report.mb(rssAfter), Report.mb(heapAfter - heapBefore))
                    + String.format(Locale.ROOT, "\n%s%.0f s later, settled: heap %s live (%s kept vs none)",
                    releaseSeconds == 0 ? "" : "once the server's pings found the closed streams gone, ",
                    releaseSeconds + released.seconds, Report.mb(heapReleased), Report.mb(heapReleased - heapBefore)));
            report.row("generator memory", String.format(Locale.ROOT, "heap %s, RSS %s per connection (RSS %s with none,"
                            + " %s with %d)",
                    Report.kb((double) (generatorHeapWith - generatorHeapBefore) / n),
                    Report.kb((double) (generatorRssWith - generatorRssBefore) / n), Report.mb(generatorRssBefore),
                    Report.mb(generatorRssWith), up));
            report.row("warm-up", run.warmup);
            report.row("opening", String.format(Locale.ROOT, "%d up in %.1f s (%d in flight), %d failed%s; server %s,"
                            + " generator %s per connect + subscribe",
                    up, batch.seconds(), run.inFlight, batch.failed(), batch.failures().isEmpty() ? "" : " " + batch.failures(),
                    Window.micros(opening.serverCpuSeconds() / n), Window.micros(opening.generatorCpuSeconds / n)));
            idling.report(report, "connection-second", 0);
            double idleCores = idling.serverCpuSeconds() / idling.seconds;
            double idleCoresWithNone = idleWithNone.serverCpuSeconds() / idleWithNone.seconds;
            report.row("idle CPU", String.format(Locale.ROOT, "server %.3f cores with %d, %.3f with none: %s per connection"
                            + " per second over %.0f s (heartbeat pings included); %d of %d still open at the end",
                    idleCores, up, idleCoresWithNone, Window.micros((idleCores - idleCoresWithNone) / n), idling.seconds,
                    stillOpen, up));
            report.row("heartbeats", String.format(Locale.ROOT, "%d pings received over the %.0f s (%.2f per connection);"
                    + " a WebSocket answers each with a pong, a stream sends nothing", pings, idling.seconds,
                    (double) pings / n));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("connections", up);
            json.put("rssBeforeBytes", rssBefore);
            json.put("rssWithBytes", rssWith);
            json.put("rssPerConnectionBytes", (double) (rssWith - rssBefore) / n);
            json.put("heapBeforeBytes", heapBefore);
            json.put("heapWithBytes", heapWith);
            json.put("heapPerConnectionBytes", (double) (heapWith - heapBefore) / n);
            json.put("heapSettleSecondsBefore", none.seconds);
            json.put("heapSettleSecondsWith", with.seconds);
            json.put("serverThreadsBefore", threadsBefore);
            json.put("serverThreadsWith", threadsWith);
            json.put("heapAfterCloseBytes", heapAfter);
            json.put("rssAfterCloseBytes", rssAfter);
            json.put("heapAfterServerNoticedBytes", heapReleased);
            json.put("generatorRssPerConnectionBytes", (double) (generatorRssWith - generatorRssBefore) / n);
            json.put("generatorHeapPerConnectionBytes", (double) (generatorHeapWith - generatorHeapBefore) / n);
            json.put("serverMicrosPerConnect", opening.serverCpuSeconds() * 1e6 / n);
            json.put("generatorMicrosPerConnect", opening.generatorCpuSeconds * 1e6 / n);
            json.put("idleServerCores", idleCores);
            json.put("idleServerCoresWithNone", idleCoresWithNone);
            json.put("idleServerMicrosPerConnectionSecond", (idleCores - idleCoresWithNone) * 1e6 / n);
            json.put("stillOpenAtEnd", stillOpen);
            json.put("pingsReceived", pings);
            report.put("idle", json);
            run.reportConnections(report, batch, connections);
            for (String line : profile) {
                report.note(line);
            }
            return report;
        }
    }

    static final double HEAP_SETTLE_GAP_SECONDS = 5;
    /** Closed connections stayed reachable for some 30 s: a heap flat for less proves nothing. */
    static final double HEAP_SETTLE_SPAN_SECONDS = 40;
    static final long HEAP_SETTLE_BYTES = 1 << 20;

    /** A live heap once it stopped shrinking, and how long that took; {@code settled} false if it never did. */
    record Settled(LiveHeap heap, double seconds, boolean settled) {
    }

    /**
     * Class histograms (a full GC each) {@link #HEAP_SETTLE_GAP_SECONDS} apart until those of the
     * last {@link #HEAP_SETTLE_SPAN_SECONDS} are all within {@link #HEAP_SETTLE_BYTES} of each
     * other, or {@code maxSeconds} passed; the last is kept in {@code file}.
     */
    static Settled settledHeap(Node node, Path file, double maxSeconds) {
        long start = System.nanoTime();
        List<double[]> seen = new ArrayList<>(); // {seconds, total bytes}
        while (true) {
            LiveHeap heap = LiveHeap.of(node, file);
            double seconds = (System.nanoTime() - start) / 1e9;
            seen.add(new double[] {seconds, heap.totalBytes});
            double low = Double.MAX_VALUE;
            double high = -Double.MAX_VALUE;
            for (double[] each : seen) {
                if (each[0] >= seconds - HEAP_SETTLE_SPAN_SECONDS) {
                    low = Math.min(low, each[1]);
                    high = Math.max(high, each[1]);
                }
            }
            boolean spanned = seen.get(0)[0] <= seconds - HEAP_SETTLE_SPAN_SECONDS;
            if (spanned && high - low < HEAP_SETTLE_BYTES) {
                return new Settled(heap, seconds, true);
            }
            if (seconds >= maxSeconds) {
                return new Settled(heap, seconds, false);
            }
            Bench.sleep((long) (HEAP_SETTLE_GAP_SECONDS * 1000));
        }
    }

    /** Opens {@code n} connections, each subscribed to a job {@code prefix + i}, as many in flight as the run allows, and closes them. */
    static Batch openAndClose(Run run, Node node, int n, String prefix, long closeTimeoutMillis) {
        Batch batch = new Batch(run.inFlight);
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            subscribers.add(run.subscriber(batch, prefix + i, 0, node));
        }
        batch.open(run.clients, subscribers, run.connectTimeoutSeconds);
        run.clients.closeAll(closeTimeoutMillis);
        return batch;
    }

    /** The generator's live heap, right after {@link #generatorRssAfterGc}'s GC. */
    private static long generatorHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long generatorRssAfterGc() {
        System.gc();
        Bench.sleep(500);
        return Proc.selfRssBytes();
    }

    /** cluster: two nodes on one Redis; events published through node A reach receivers on A and on B. */
    static Report cluster(Config config, Path dir) throws IOException {
        int connections = config.integer("cluster.connections", 2000);
        double rate = config.decimal("cluster.rate", 500);
        double warmup = config.decimal("warmupSeconds", 20);
        double seconds = config.decimal("seconds", 60);
        String embeddedRedisJar = config.string("launcher.embeddedRedisJar", "");
        try (Run run = new Run(config, "cluster", dir, connections, 2)) {
            run.redis = RedisServer.inMemory(run.workDir.resolve("redis"),
                    embeddedRedisJar.isBlank() ? null : Path.of(embeddedRedisJar));
            System.out.println("bench: redis on " + run.redis.address() + " (" + run.redis.executable() + ")");
            Map<String, String> clusterMode = Map.of("JOBS_REDIS_ADDRESS", run.redis.address());
            Node a = run.startNode("node-a", clusterMode);
            Node b = run.startNode("node-b", clusterMode);
            int jobCount = Math.max(1, connections / 2);
            String[] jobs = new String[jobCount];
            for (int k = 0; k < jobCount; k++) {
                jobs[k] = "cluster-" + k;
            }
            Batch batch = new Batch(run.inFlight);
            List<Subscriber> subscribers = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                boolean onA = i % 2 == 0;
                subscribers.add(run.subscriber(batch, jobs[(i / 2) % jobCount], onA ? 0 : 1, onA ? a : b));
            }
            batch.open(run.clients, subscribers, run.connectTimeoutSeconds);
            try (Publisher publisher = run.publisher(a)) {
                warmup = run.warmUp(publisher, rate, warmup, jobs);
                Run.Phase phase = run.measure(publisher, 1, rate, seconds, jobs, receivers(subscribers, jobs));
                Report report = new Report("cluster").title("2 nodes on one Redis, " + connections
                        + " connections (half on each), " + jobCount + " jobs with a receiver on each node, "
                        + Report.num(rate) + " events/s published through node-a");
                run.reportPhase(report, publisher, phase, warmup, "delivery");
                Tally.Counts onA = run.tally.phase(1, 0);
                Tally.Counts onB = run.tally.phase(1, 1);
                report.row("latency on node-a", Report.latencyText(onA.latency) + " (published here)");
                report.row("latency on node-b", Report.latencyText(onB.latency) + " (through Redis from node-a)");
                report.put("latencyNodeA", Report.latencyJson(onA.latency));
                report.put("latencyNodeB", Report.latencyJson(onB.latency));
                run.reportMemory(report);
                run.reportConnections(report, batch, connections);
                return report;
            }
        }
    }

    /** How many of the subscribers of each job are subscribed now. */
    private static int[] receivers(List<Subscriber> subscribers, String[] jobs) {
        Map<String, Integer> byJob = new LinkedHashMap<>();
        for (Subscriber subscriber : subscribers) {
            if (subscriber.ready()) {
                byJob.merge(subscriber.jobId, 1, Integer::sum);
            }
        }
        int[] receivers = new int[jobs.length];
        for (int j = 0; j < jobs.length; j++) {
            receivers[j] = byJob.getOrDefault(jobs[j], 0);
        }
        return receivers;
    }

    /** Heartbeat pings the subscribers received so far. */
    static long pings(List<Subscriber> subscribers) {
        long sum = 0;
        for (Subscriber subscriber : subscribers) {
            sum += subscriber.pings;
        }
        return sum;
    }

    static int ready(List<Subscriber> subscribers, String jobId) {
        int count = 0;
        for (Subscriber subscriber : subscribers) {
            if (subscriber.ready() && (jobId == null || jobId.equals(subscriber.jobId))) {
                count++;
            }
        }
        return count;
    }
}
