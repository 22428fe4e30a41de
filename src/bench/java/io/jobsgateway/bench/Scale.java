package io.jobsgateway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * scale: {@code scale.connections} (100,000 WebSockets, or 20,000 Server-Sent Events streams
 * with {@code scale.transport=sse}) on one node, all subscribed to one job, idle with the
 * heartbeat at its default; then one event published over HTTP to that job. It reports the time
 * from the publish to the last delivery (and each connection's, as p50/p99), that every
 * connection got the event exactly once, the server's CPU per delivery of that fan-out, its live
 * heap after a full GC and its RSS, in all and per connection, its CPU per connection-second
 * while idle, and how long opening them all took.
 *
 * <p>What the machine limits, it handles itself: the connections are bound to source addresses
 * 127.0.0.2, 127.0.0.3, ... ({@link SourceAddresses}), past the ephemeral port range of one; the
 * open-files limits of the generator and of the server are raised for them ({@link OpenFiles});
 * and the server gets the heap {@code scale.serverHeap} (3g), above the 2 GiB target so
 * that the figure can be measured rather than hit as an OutOfMemoryError.
 */
final class Scale {

    private static final String[] JOBS = {"scale-1"};
    /** Files a process holds besides the connections: a server's jars, modules, logs and pools, the generator's own. */
    private static final int OPEN_FILES_MARGIN = 4096;
    /** The target for 100,000 connections. */
    private static final long TARGET_HEAP_BYTES = 2L << 30;

    private Scale() {
    }

    static Report run(Config config, Path dir) throws IOException {
        String transport = config.string("scale.transport", config.string("transport", "websocket"));
        boolean sse = transport.equals("sse");
        int connections = config.integer("scale.connections", sse ? 20_000 : 100_000);
        int baselineConnections = config.integer("scale.baselineConnections", Math.min(connections, 2000));
        int warmupEvents = config.integer("scale.warmupEvents", 2);
        double idleSeconds = config.decimal("scale.idleSeconds", 60);
        double settleSeconds = config.decimal("scale.settleSeconds", 10);
        double heapSettleSeconds = config.decimal("scale.heapSettleSeconds", 180);
        double drainSeconds = config.decimal("scale.drainSeconds", 60);
        String serverHeap = config.string("scale.serverHeap", "3g");
        long openFiles = (long) Math.max(connections, baselineConnections) + config.integer("scale.openFilesMargin",
                OPEN_FILES_MARGIN);
        if (!config.string("client", "nio").equals("nio")) {
            throw new IllegalArgumentException("scale binds its connections to source addresses of their own:"
                    + " -Dbench.client=nio only");
        }
        SourceAddresses sources = new SourceAddresses(connections, config.integer("scale.perSourceAddress", 20_000));
        long generatorPid = ProcessHandle.current().pid();
        OpenFiles.atLeast(generatorPid, openFiles, "generator");
        try (Run run = new Run(config, "scale", dir, Math.max(connections, baselineConnections), 1, transport)) {
            run.serverJvmExtra.addAll(List.of("-Xms" + serverHeap, "-Xmx" + serverHeap));
            Node node = run.startNode("gateway", Map.of());
            OpenFiles.atLeast(node.pid(), openFiles, "server");

            // The baseline as idle takes it: after as many connections as the measured opening
            // keeps in flight grew the server's pools (opened and closed), once the heap settled.
            System.out.println("bench: scale, opening and closing " + baselineConnections
                    + " connections, so that the baseline has the server's pools grown");
            Batch growing = Scenarios.openAndClose(run, node, baselineConnections, "scale-grow-", 60_000);
            Bench.sleep((long) (settleSeconds * 1000));
            run.awaitClosedStreams();
            Scenarios.Settled none = Scenarios.settledHeap(node, dir.resolve("heap-none.txt"), heapSettleSeconds);
            long rssNone = node.rssBytes();
            System.out.printf(Locale.ROOT, "bench: scale, no connections; idle for %.0f s%n", idleSeconds);
            Window idleNone = new Window(run.nodes, null);
            Bench.sleep((long) (idleSeconds * 1000));
            idleNone.end();

            System.out.println("bench: scale, opening " + connections + " connections to job " + JOBS[0] + " from "
                    + sources.describe());
            Batch batch = new Batch(run.inFlight);
            List<Subscriber> subscribers = new ArrayList<>(connections);
            for (int i = 0; i < connections; i++) {
                Subscriber subscriber = run.subscriber(batch, JOBS[0], 0, node);
                subscriber.sourceAddress = sources.of(i);
                subscribers.add(subscriber);
            }
            Window opening = new Window(run.nodes, null);
            batch.open(run.clients, subscribers, run.connectTimeoutSeconds);
            opening.end();
            int up = batch.ready();
            System.out.printf(Locale.ROOT, "bench: scale, %d up in %.1f s; %d failed %s%n", up, batch.seconds(),
                    batch.failed(), batch.failures());
            Bench.sleep((long) (settleSeconds * 1000));
            Scenarios.Settled with = Scenarios.settledHeap(node, dir.resolve("heap-with.txt"), heapSettleSeconds);
            long rssWith = node.rssBytes();

            System.out.printf(Locale.ROOT, "bench: scale, %d connections idle for %.0f s%n", up, idleSeconds);
            long pingsBefore = Scenarios.pings(subscribers);
            Window idling = new Window(run.nodes, null);
            Bench.sleep((long) (idleSeconds * 1000));
            idling.end();
            long pings = Scenarios.pings(subscribers) - pingsBefore;

            List<String> warmups = new ArrayList<>();
            Run.Phase phase;
            try (Publisher publisher = run.publisher(node)) {
                int id = 1;
                while (true) {
                    int[] receivers = {Scenarios.ready(subscribers, JOBS[0])};
                    phase = run.measure(publisher, id, 1, 1, JOBS, receivers, drainSeconds); // one event
                    if (id > warmupEvents) {
                        break;
                    }
                    warmups.add(String.format(Locale.ROOT, "%s to the last of %d, %d lost",
                            Report.ms(phase.received.latency.max()), receivers[0], phase.lost()));
                    id++;
                    Bench.sleep(2000);
                }
            }

            return report(new Inputs(connections, up, sse, serverHeap, sources, openFiles, generatorPid, node, batch,
                    growing, none, with, rssNone, rssWith, opening, idleNone, idling, pings, warmups, phase), run);
        }
    }

    /** What the report is made of. */
    private record Inputs(int asked, int up, boolean sse, String serverHeap, SourceAddresses sources, long openFiles,
                          long generatorPid, Node node, Batch batch, Batch growing, Scenarios.Settled none,
                          Scenarios.Settled with, long rssNone, long rssWith, Window opening, Window idleNone,
                          Window idling, long pings, List<String> warmups, Run.Phase event) {
    }

    private static Report report(Inputs in, Run run) {
        int n = Math.max(1, in.up);
        Run.Phase event = in.event;
        Tally.Counts got = event.received;
        Report report = new Report("scale").title(in.asked + " " + (in.sse ? "Server-Sent Events streams"
                : "WebSocket connections") + " in one job room on one node, then one event to all of them");
        report.put("transport", in.sse ? "sse" : "websocket");

        long accepted = event.published.accepted.sum();
        long lastMicros = got.latency.max();
        report.row("fan-out", String.format(Locale.ROOT, "the last of %d connections had the event %s after the"
                        + " publish; each connection: p50 %s, p99 %s", event.expected, Report.ms(lastMicros),
                Report.ms(got.latency.percentile(0.5)), Report.ms(got.latency.percentile(0.99)))
                + "\n(from the POST's due time to the read of the frame; the POST went out "
                + Report.ms(event.published.sendLag.max()) + " after it and was answered after "
                + Report.ms(event.published.answerLatency.max()) + ")");
        boolean once = accepted == 1 && event.lost() == 0 && got.duplicates == 0;
        report.row("deliveries", String.format(Locale.ROOT, "%d of %d expected: lost %d, duplicates %d: %s",
                got.distinct, event.expected, event.lost(), got.duplicates,
                accepted != 1 ? "the event was not accepted " + event.published.failures
                        : once ? "every connection got it exactly once" : "NOT every connection got it exactly once"));
        if (accepted != 1) {
            report.invalid("the event was not accepted: " + event.published.failures);
        } else if (!once) {
            report.note("SERVER: " + event.lost() + " connections did not get the event and " + got.duplicates
                    + " got it more than once");
        }
        report.row("warm-up events", in.warmups.isEmpty() ? "none (the event above met the room cold)"
                : String.join("; ", in.warmups) + " (each alone, as the one above; not in its figures)");

        double idleCores = in.idling.serverCpuSeconds() / in.idling.seconds;
        double noneCores = in.idleNone.serverCpuSeconds() / in.idleNone.seconds;
        double fanoutSeconds = event.window.serverCpuSeconds();
        double fanoutNet = Math.max(0, fanoutSeconds - idleCores * event.window.seconds);
        event.window.report(report, "delivery", got.distinct);
        report.row("server CPU / delivery", String.format(Locale.ROOT, "%s, %s without what idling costs over the"
                        + " %.2f s window (%.3f cores); the window from the publish to the last delivery, in clock"
                        + " ticks of %.0f ms", Window.micros(fanoutSeconds / Math.max(1, got.distinct)),
                Window.micros(fanoutNet / Math.max(1, got.distinct)), event.window.seconds, idleCores,
                1000.0 / Proc.TICKS_PER_SECOND));

        long heapNone = in.none.heap().totalBytes;
        long heapWith = in.with.heap().totalBytes;
        report.row("server heap", String.format(Locale.ROOT, "%s live with %d (%s of the 2 GiB target), %s with none:"
                        + " %s per connection (after a full GC each; -Xms%s -Xmx%s, so that the figure is measured,"
                        + " not hit)", Report.mb(heapWith), in.up, pct(heapWith, TARGET_HEAP_BYTES), Report.mb(heapNone),
                Report.kb((double) (heapWith - heapNone) / n), in.serverHeap, in.serverHeap)
                + "\ngrown most: " + String.join(", ", in.with.heap().grownSince(in.none.heap(), 6)));
        if (!in.none.settled() || !in.with.settled()) {
            report.invalid("the live heap did not settle (histograms over " + Scenarios.HEAP_SETTLE_SPAN_SECONDS
                    + " s within " + Report.mb(Scenarios.HEAP_SETTLE_BYTES) + ")");
        }
        report.row("server RSS", String.format(Locale.ROOT, "%s with %d, %s with none: %s per connection (kernel"
                        + " socket buffers are in neither)", Report.mb(in.rssWith), in.up, Report.mb(in.rssNone),
                Report.kb((double) (in.rssWith - in.rssNone) / n)));
        report.row("idle CPU", String.format(Locale.ROOT, "server %.3f cores with %d, %.3f with none: %s per"
                        + " connection-second over %.0f s; %d heartbeat pings received (%.2f per connection)%s",
                idleCores, in.up, noneCores, Window.micros((idleCores - noneCores) / n), in.idling.seconds, in.pings,
                (double) in.pings / n, in.sse ? "" : ", each answered with a pong"));
        report.row("opening", String.format(Locale.ROOT, "%d of %d up in %.1f s: %s handshakes/s (%d in flight);"
                        + " %d failed%s; server %s per connect + subscribe; handshake p50 %s, p99 %s",
                in.up, in.asked, in.batch.seconds(), Report.num(in.up / Math.max(1e-9, in.batch.seconds())),
                run.inFlight, in.batch.failed(), in.batch.failures().isEmpty() ? "" : " " + in.batch.failures(),
                Window.micros(in.opening.serverCpuSeconds() / n), Report.ms(in.batch.handshake.percentile(0.5)),
                Report.ms(in.batch.handshake.percentile(0.99))));
        report.row("limits", String.format(Locale.ROOT, "sources %s; open files %d needed: generator %s, server %s",
                in.sources.describe(), in.openFiles, OpenFiles.describe(in.generatorPid), OpenFiles.describe(in.node.pid())));
        report.row("baseline", String.format(Locale.ROOT, "after %d connections (%d up) were opened and closed; the"
                        + " heap settled in %.0f s with none, %.0f s with %d", in.growing.ready() + in.growing.failed(),
                in.growing.ready(), in.none.seconds(), in.with.seconds(), in.up));
        report.row("warm-up", run.warmup.equals("none") ? "the node's own before it was ready (jobs.warmup.enabled)"
                : run.warmup);
        if (in.batch.dropped() > 0) {
            report.row("dropped", in.batch.dropped() + " connections closed by the server while the benchmark ran "
                    + in.batch.drops());
        }
        if (in.up < in.asked) {
            report.invalid(in.up + " of " + in.asked + " connections came up");
        }
        report.note("The class histograms (each a full GC, then live objects only) are heap-none.txt and"
                + " heap-with.txt in the scenario's folder.");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("asked", in.asked);
        json.put("up", in.up);
        json.put("failed", in.batch.failed());
        json.put("failures", in.batch.failures());
        json.put("droppedByServer", in.batch.dropped());
        json.put("openSeconds", in.batch.seconds());
        json.put("handshakesPerSecond", in.up / Math.max(1e-9, in.batch.seconds()));
        json.put("handshake", Report.latencyJson(in.batch.handshake));
        json.put("serverMicrosPerConnect", in.opening.serverCpuSeconds() * 1e6 / n);
        json.put("inFlight", run.inFlight);
        json.put("sourceAddresses", in.sources.count);
        json.put("perSourceAddress", in.sources.perAddress);
        json.put("openFilesNeeded", in.openFiles);
        report.put("connections", json);
        Map<String, Object> fanout = new LinkedHashMap<>();
        fanout.put("accepted", accepted);
        fanout.put("expected", event.expected);
        fanout.put("delivered", got.distinct);
        fanout.put("lost", event.lost());
        fanout.put("duplicates", got.duplicates);
        fanout.put("exactlyOnce", once);
        fanout.put("lastDeliveryMs", lastMicros / 1000.0);
        fanout.put("latency", Report.latencyJson(got.latency));
        fanout.put("publishAnswerMs", event.published.answerLatency.max() / 1000.0);
        fanout.put("serverMicrosPerDelivery", fanoutSeconds * 1e6 / Math.max(1, got.distinct));
        fanout.put("serverMicrosPerDeliveryLessIdle", fanoutNet * 1e6 / Math.max(1, got.distinct));
        fanout.put("warmupEvents", in.warmups);
        report.put("fanout", fanout);
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("serverHeapOption", in.serverHeap);
        memory.put("heapNoneBytes", heapNone);
        memory.put("heapWithBytes", heapWith);
        memory.put("heapPerConnectionBytes", (double) (heapWith - heapNone) / n);
        memory.put("rssNoneBytes", in.rssNone);
        memory.put("rssWithBytes", in.rssWith);
        memory.put("rssPerConnectionBytes", (double) (in.rssWith - in.rssNone) / n);
        report.put("memory", memory);
        Map<String, Object> idle = new LinkedHashMap<>();
        idle.put("seconds", in.idling.seconds);
        idle.put("serverCores", idleCores);
        idle.put("serverCoresWithNone", noneCores);
        idle.put("serverMicrosPerConnectionSecond", (idleCores - noneCores) * 1e6 / n);
        idle.put("pingsReceived", in.pings);
        report.put("idle", idle);
        return report;
    }

    private static String pct(long part, long whole) {
        return String.format(Locale.ROOT, "%.0f %%", 100.0 * part / whole);
    }
}
