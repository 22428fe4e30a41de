package io.jobsgateway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * slow: {@code slow.connections} (1000) connections in one job room, {@code slow.rate} (20)
 * events/s of a job's life ({@link JobLife}), in one fresh server. First a baseline phase in
 * which all of them read; then 1 % of them stop reading their sockets ({@link Stall}) and, once
 * their queues are crowded, a measured phase as long as the baseline, at the same rate. It
 * reports the other connections' latency in both phases and the ratio of their p99s (the issue
 * asks at most 1.2), the server's live heap through the stall, and what each stalled connection
 * got once it read again: every lifecycle event exactly once and in {@code seq} order, how much
 * progress the server replaced (latest-wins, contract section 5), or a close with 1013, which
 * the contract allows only past the full limit.
 */
final class SlowReaders {

    /** Event phases ({@code bp}): the baseline, filling the stalled connections' queues, the measured slow phase. */
    private static final int BASELINE = 1;
    private static final int FILL = 2;
    private static final int SLOW = 3;
    /** Tally groups: the connections that always read, and those that stall. */
    private static final int READERS = 0;
    private static final int STALLED = 1;
    private static final String[] JOBS = {"slow-1"};
    private static final String STALL_BEFORE = "baseline: after = stall: before";
    private static final String STALL_CROWDED = "stall: crowded";
    private static final String STALL_END = "stall: end";
    /** Fill chunks: long enough that each chunk's job life (started ... completed) has about the phases' mix. */
    private static final double FILL_CHUNK_SECONDS = 5;
    /** About the smallest job event frame: less growth than this a connection, and the kernel holds no more. */
    private static final long FRAME_BYTES = 256;

    private final Config config;
    private final Run run;
    private final int connections;
    private final double rate;
    private final double seconds;
    private final int queueLimit;
    private final double keepaliveSeconds;
    private final JobLife life;
    private final List<Subscriber> readers = new ArrayList<>();
    private final List<Subscriber> stalled = new ArrayList<>();
    /** The server's live heap, by moment, in the order taken. */
    private final Map<String, LiveHeap> heap = new LinkedHashMap<>();
    private Node node;
    private Batch batch;
    /** Every {@code spacing}-th connection stalls. */
    private int spacing;

    private SlowReaders(Config config, Run run, int connections) {
        this.config = config;
        this.run = run;
        this.connections = connections;
        this.rate = config.decimal("slow.rate", 20);
        this.seconds = config.decimal("seconds", 60);
        // the server's own default (Settings, the README's table) unless -Dbench.serverEnv sets it
        this.queueLimit = config.integer("slow.queueLimit",
                Integer.parseInt(run.serverEnv().getOrDefault("JOBS_MAX_QUEUED_MESSAGES", "1000")));
        this.life = new JobLife(config.integer("slow.lifecycleEvery", 20));
        this.keepaliveSeconds = config.decimal("slow.keepaliveSeconds", 15);
    }

    static List<Report> run(Config config, Path dir) throws IOException {
        int connections = config.integer("slow.connections", 1000);
        try (Run run = new Run(config, "slow", dir, connections, 2)) {
            return new SlowReaders(config, run, connections).measure();
        }
    }

    private List<Report> measure() throws IOException {
        node = run.startNode("gateway", Map.of());
        open(config.integer("slow.stalled", Math.max(1, connections / 100)));
        try (Publisher publisher = run.publisher(node, life)) {
            double warmupSeconds = run.warmUp(publisher, rate, config.decimal("warmupSeconds", 20), JOBS);
            liveHeap("baseline: before");
            Run.Phase baseline = measured(publisher, BASELINE, "baseline", all());
            liveHeap(STALL_BEFORE);
            for (Subscriber subscriber : stalled) {
                subscriber.ledger = new Ledger(FILL);
            }
            Fill fill;
            Run.Phase slow;
            Map<Subscriber, long[]> kernelAtEnd;
            double stallSeconds;
            try (Stall stall = new Stall(run.clients, stalled, keepaliveSeconds)) {
                stall.start();
                fill = fill(publisher, stall);
                liveHeap(STALL_CROWDED);
                slow = measured(publisher, SLOW, "stall", readers);
                kernelAtEnd = stall.kernelBytes(node.port);
                liveHeap(STALL_END);
                stall.end();
                stallSeconds = stall.seconds();
            }
            long events = fill.events + slow.published.accepted.sum();
            long lifecycle = fill.lifecycle + slow.published.acceptedLifecycle();
            double catchUp = catchUp(events, lifecycle);
            liveHeap("after reading again");

            Report base = new Report("slow-baseline").title(connections + " connections in one job room, "
                    + Report.num(rate) + " events/s of a job's life, all reading (the baseline of slow)");
            run.reportPhase(base, publisher, baseline, warmupSeconds, "delivery");
            Report report = new Report("slow").title(connections + " connections in one job room, " + Report.num(rate)
                    + " events/s of a job's life; " + stalled.size() + " of them stop reading");
            Run.Phase seen = slow.seenBy(run.tally.phase(SLOW, READERS), slow.expected);
            run.reportPhase(report, publisher, seen, warmupSeconds, "delivery");
            reportReaders(report, seen);
            reportStall(report, fill, Stall.sum(kernelAtEnd), stallSeconds, slow.published);
            reportHeap(report);
            reportStalled(report, events, lifecycle, catchUp, kernelAtEnd);
            run.reportMemory(report);
            run.reportConnections(report, batch, connections);
            if (!base.valid()) {
                report.invalid("its baseline (slow-baseline) is INVALID");
            }
            return List.of(base, report);
        }
    }

    /**
     * Opens the connections, every {@code connections / count}-th of them one that will stall.
     * Those get a small receive buffer ({@code slow.receiveBufferBytes}, default 64 KB; 0 for the
     * kernel's autotuned one, which here grows to about 4 MB): what the kernels hold is not what
     * this measures, and with 4 MB it takes a quarter of an hour at 20 events/s to get past them.
     */
    private void open(int count) {
        spacing = Math.max(1, connections / Math.max(1, count));
        batch = new Batch(run.inFlight);
        int receiveBuffer = config.integer("slow.receiveBufferBytes", 64 * 1024);
        for (int i = 0; i < connections; i++) {
            boolean stalls = i % spacing == 0 && stalled.size() < count;
            Subscriber subscriber = run.subscriber(batch, JOBS[0], stalls ? STALLED : READERS, node);
            if (stalls) {
                subscriber.receiveBufferBytes = receiveBuffer;
            }
            (stalls ? stalled : readers).add(subscriber);
        }
        batch.open(run.clients, all(), run.connectTimeoutSeconds);
    }

    private List<Subscriber> all() {
        List<Subscriber> all = new ArrayList<>(readers);
        all.addAll(stalled);
        return all;
    }

    /**
     * A measured phase with a full GC halfway through for the heap figure: both phases get it,
     * so each carries the same pause and their latencies stay comparable.
     */
    private Run.Phase measured(Publisher publisher, int id, String label, List<Subscriber> receivers) {
        CompletableFuture<Void> mid = CompletableFuture.runAsync(() -> liveHeap(label + ": mid"),
                CompletableFuture.delayedExecutor((long) (seconds * 500), TimeUnit.MILLISECONDS));
        Run.Phase phase = run.measure(publisher, id, rate, seconds, JOBS,
                new int[] {Scenarios.ready(receivers, JOBS[0])});
        mid.join();
        return phase;
    }

    /** Takes the server's live heap now, and keeps its class histogram in the scenario's folder. */
    private void liveHeap(String moment) {
        String file = String.format(Locale.ROOT, "heap-%d-%s.txt", heap.size() + 1,
                moment.replaceAll("[^A-Za-z]+", "-").replaceAll("-$", ""));
        LiveHeap live = LiveHeap.of(node, run.workDir.resolve(file));
        synchronized (heap) {
            heap.put(moment, live);
        }
    }

    /** How the stalled connections' queues were filled before the measured phase. */
    private record Fill(double seconds, double kernelFullAfter, double margin, long[] kernelBytes, long events,
                        long lifecycle, long failed) {
    }

    /**
     * Publishes (phase FILL, at the phases' rate) until the stalled connections' queues are
     * crowded: first until the kernel holds all it will for them (what it holds grew by less than
     * a frame a connection in each of two chunks), then for as long as it takes the server's own
     * queue to pass half of {@code jobs.max-queued-messages}, one message a connection an event,
     * times {@code slow.fillMargin}. On loopback the kernel alone holds megabytes for a socket
     * nobody reads (thousands of events at 20 a second), so a stall only as long as the measured
     * phase would never reach the server's queue, which is what the scenario is about.
     */
    private Fill fill(Publisher publisher, Stall stall) {
        double maxSeconds = config.decimal("slow.fillMaxSeconds", 1800);
        double margin = config.decimal("slow.fillMargin", 1.5);
        double past = queueLimit / 2.0 / rate * margin;
        System.out.printf(Locale.ROOT, "bench: slow, %d connections stalled; filling their queues (at most %.0f s)%n",
                stalled.size(), maxSeconds);
        long start = System.nanoTime();
        long events = 0;
        long lifecycle = 0;
        long failed = 0;
        long last = -1;
        int flat = 0;
        double fullAfter = -1;
        double elapsed = 0;
        double told = 0;
        long[] held = {0, 0};
        while (elapsed < maxSeconds && (fullAfter < 0 || elapsed - fullAfter < past)) {
            Publisher.Outcome chunk = publisher.run(FILL, rate, FILL_CHUNK_SECONDS, JOBS);
            events += chunk.accepted.sum();
            lifecycle += chunk.acceptedLifecycle();
            failed += chunk.failed();
            held = Stall.sum(stall.kernelBytes(node.port));
            elapsed = (System.nanoTime() - start) / 1e9;
            if (fullAfter < 0) {
                long total = held[0] + held[1];
                flat = last >= 0 && total - last < FRAME_BYTES * stalled.size() ? flat + 1 : 0;
                last = total;
                if (flat >= 2) {
                    fullAfter = elapsed;
                    System.out.printf(Locale.ROOT, "bench: slow, the kernel is full after %.0f s (%s a connection);"
                            + " %.0f s more for half the server's queue%n", elapsed, perConnection(total), past);
                }
            }
            if (elapsed - told >= 30) {
                told = elapsed;
                System.out.printf(Locale.ROOT, "bench: slow, filling for %.0f s: the kernel holds %s a stalled"
                        + " connection%n", elapsed, perConnection(held[0] + held[1]));
            }
        }
        return new Fill(elapsed, fullAfter, margin, held, events, lifecycle, failed);
    }

    /**
     * Waits until each stalled connection accounts for every event of the stall (received, or
     * replaced by what it received) with every lifecycle event among them, or has ended, at most
     * {@code bench.drainSeconds}; answers how long it took.
     */
    private double catchUp(long events, long lifecycle) {
        long start = System.nanoTime();
        long deadline = start + (long) (config.decimal("drainSeconds", 10) * 1e9);
        while (System.nanoTime() < deadline && !caughtUp(events, lifecycle)) {
            Bench.sleep(20);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private boolean caughtUp(long events, long lifecycle) {
        for (Subscriber subscriber : stalled) {
            Ledger.Counts got = subscriber.ledger.counts();
            if (subscriber.state != Subscriber.State.ENDED && (got.lifecycle() < lifecycle || got.accounted() < events)) {
                return false;
            }
        }
        return true;
    }

    /** The issue's comparison: the connections that never stall, baseline against slow phase. */
    private void reportReaders(Report report, Run.Phase slow) {
        double ratioLimit = config.decimal("slow.p99Ratio", 1.2);
        Tally.Counts base = run.tally.phase(BASELINE, READERS);
        Tally.Counts fill = run.tally.phase(FILL, READERS);
        long p99Base = base.latency.percentile(0.99);
        long p99Slow = slow.received.latency.percentile(0.99);
        double ratio = p99Base > 0 ? (double) p99Slow / p99Base : Double.NaN;
        report.row("p99 ratio", String.format(Locale.ROOT, "%.2f: %s with %d stalled / %s without (the %d"
                        + " connections that never stall; the issue asks <= %s): %s", ratio, Report.ms(p99Slow),
                stalled.size(), Report.ms(p99Base), readers.size(), Report.num(ratioLimit),
                ratio <= ratioLimit ? "pass" : "FAIL"));
        report.row("baseline latency", Report.latencyText(base.latency) + "\n(the same connections while all "
                + connections + " read; that phase in full is the report slow-baseline)");
        report.row("filling latency", Report.latencyText(fill.latency) + "\n(the same connections while the stalled"
                + " ones' queues filled, unmeasured otherwise)");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("connections", readers.size());
        json.put("baseline", Report.latencyJson(base.latency));
        json.put("filling", Report.latencyJson(fill.latency));
        json.put("slow", Report.latencyJson(slow.received.latency));
        json.put("p99Ratio", ratio);
        json.put("p99RatioLimit", ratioLimit);
        json.put("p99RatioPassed", ratio <= ratioLimit);
        report.put("readers", json);
    }

    private void reportStall(Report report, Fill fill, long[] kernelAtEnd, double stallSeconds, Publisher.Outcome slow) {
        report.row("event mix", mix(slow) + "\n(" + life.description() + ")");
        String kernel = fill.kernelFullAfter < 0
                ? "the kernel never stopped taking more (slow.fillMaxSeconds reached)"
                : String.format(Locale.ROOT, "the kernel full after %.0f s, then %.0f s for half the server's queue"
                        + " (%d of %d messages, x %s)", fill.kernelFullAfter, fill.seconds - fill.kernelFullAfter,
                queueLimit / 2, queueLimit, Report.num(fill.margin));
        report.row("stall", String.format(Locale.ROOT, "%d connections (every %dth) read nothing for %.0f s: %.0f s"
                        + " of filling at %s events/s (%s events, %d failed; %s), then the measured phase; the kernel"
                        + " held %s a connection at its end (the server's send queue %s, the client's receive"
                        + " queue %s); a pong every %s s kept them alive",
                stalled.size(), spacing, stallSeconds, fill.seconds,
                Report.num(rate), Report.num(fill.events), fill.failed, kernel, perConnection(kernelAtEnd[0] + kernelAtEnd[1]),
                perConnection(kernelAtEnd[0]), perConnection(kernelAtEnd[1]),
                Report.num(keepaliveSeconds)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stalled", stalled.size());
        json.put("seconds", stallSeconds);
        json.put("fillSeconds", fill.seconds);
        json.put("fillEvents", fill.events);
        json.put("fillFailed", fill.failed);
        json.put("kernelFullAfterSeconds", fill.kernelFullAfter < 0 ? null : fill.kernelFullAfter);
        json.put("kernelBytesPerConnectionAfterFill", (fill.kernelBytes[0] + fill.kernelBytes[1]) / stalled.size());
        json.put("serverSendQueueBytesPerConnection", kernelAtEnd[0] / stalled.size());
        json.put("clientReceiveQueueBytesPerConnection", kernelAtEnd[1] / stalled.size());
        json.put("queueLimit", queueLimit);
        json.put("slowPhaseMix", byType(slow));
        report.put("stall", json);
    }

    private void reportHeap(Report report) {
        StringBuilder text = new StringBuilder();
        Map<String, Long> json = new LinkedHashMap<>();
        heap.forEach((moment, live) -> {
            text.append(text.length() == 0 ? "" : "\n").append(moment).append(' ').append(Report.mb(live.totalBytes));
            json.put(moment, live.totalBytes);
        });
        long before = heap.get(STALL_BEFORE).totalBytes;
        long crowded = heap.get(STALL_CROWDED).totalBytes;
        long end = heap.get(STALL_END).totalBytes;
        text.append(String.format(Locale.ROOT, "\n(live objects after a full GC, jcmd GC.class_histogram, each kept"
                        + " in %s/heap-*.txt; over the measured phase %+.1f MB, the whole stall %+.1f MB: %s a stalled"
                        + " connection; grown most over the stall: %s)", run.workDir, (end - crowded) / 1048576.0,
                (end - before) / 1048576.0, Report.kb((double) (end - before) / stalled.size()),
                String.join(", ", heap.get(STALL_END).grownSince(heap.get(STALL_BEFORE), 4))));
        report.row("server heap", text.toString());
        report.put("heapBytes", json);
        report.put("heapGrownMostOverStall", heap.get(STALL_END).grownSince(heap.get(STALL_BEFORE), 8));
    }

    /**
     * What each stalled connection got once it read again, against what was published while it
     * stalled; {@code kernelAtEnd} is what the kernel held for each at the stall's end.
     */
    private void reportStalled(Report report, long events, long lifecycle, double catchUpSeconds,
                               Map<Subscriber, long[]> kernelAtEnd) {
        int complete = 0;
        int closed1013 = 0;
        long replaced = 0;
        long mostWaiting = 0;
        long allWaiting = 0;
        List<Object> json = new ArrayList<>();
        for (Subscriber subscriber : stalled) {
            Ledger.Counts got = subscriber.ledger.counts();
            boolean ended = subscriber.state == Subscriber.State.ENDED && !subscriber.closing;
            boolean whole = got.lifecycle() == lifecycle && got.lifecycleDuplicates() == 0 && got.reorders() == 0;
            complete += whole ? 1 : 0;
            closed1013 += ended && subscriber.closeCode == 1013 ? 1 : 0;
            replaced += got.replaced();
            long unaccounted = events - got.accounted();
            long waiting = ended ? -1 : waitingInServer(got, kernelAtEnd.get(subscriber));
            mostWaiting = Math.max(mostWaiting, waiting);
            allWaiting += Math.max(0, waiting);
            report.row("stalled #" + subscriber.index, String.format(Locale.ROOT, "%slifecycle %d of %d (%d twice),"
                            + " %d out of seq order; progress %d received, %d replaced (in %d with \"replaced\", the"
                            + " first after %d frames); %d events unaccounted for; at the stall's end about %s"
                            + " messages waited in the server",
                    ended ? "CLOSED (" + (subscriber.closeCode > 0 ? subscriber.closeCode : subscriber.failure) + "); " : "",
                    got.lifecycle(), lifecycle, got.lifecycleDuplicates(), got.reorders(), got.progress(), got.replaced(),
                    got.replacing(), got.firstReplacingAt(), unaccounted, waiting < 0 ? "?" : Report.num(waiting)));
            Map<String, Object> one = got.json();
            one.put("index", subscriber.index);
            one.put("closeCode", ended ? subscriber.closeCode : null);
            one.put("lifecycleComplete", whole);
            one.put("unaccounted", unaccounted);
            one.put("kernelBytesAtStallEnd", kernelAtEnd.get(subscriber)[0] + kernelAtEnd.get(subscriber)[1]);
            one.put("waitingInServerAtStallEnd", waiting < 0 ? null : waiting);
            json.add(one);
            findings(report, subscriber, got, lifecycle, unaccounted, ended, waiting);
        }
        report.row("stalled, read again", String.format(Locale.ROOT, "%d of %d got all %d lifecycle events of the"
                        + " stall once and in seq order; %d closed with 1013; %s progress replaced in all; caught up in"
                        + " %.1f s (of %s events published while they stalled)", complete, stalled.size(), lifecycle,
                closed1013, Report.num(replaced), catchUpSeconds, Report.num(events)));
        report.put("stalledConnections", json);
        report.put("stalledEvents", events);
        report.put("stalledLifecycleEvents", lifecycle);
        report.put("stalledComplete", complete);
        report.put("stalledClosed1013", closed1013);
        report.put("mostWaitingInServer", mostWaiting);
        if (replaced > 0 || closed1013 > 0) {
            return;
        }
        if (mostWaiting <= queueLimit / 2) {
            report.invalid("no stalled connection got a \"replaced\" progress, and at most about " + mostWaiting
                    + " messages waited in the server for one: fewer than half of jobs.max-queued-messages (" + queueLimit
                    + "), so the stall was too short to test latest-wins");
            return;
        }
        long growth = heap.get(STALL_END).totalBytes - heap.get(STALL_BEFORE).totalBytes;
        report.note(String.format(Locale.ROOT, "SERVER: up to about %s messages waited in the server for a stalled"
                        + " connection at the stall's end (half the limit is %d%s), yet none was replaced and none"
                        + " closed with 1013 (contract section 5); meanwhile the live heap grew %s, about %s a waiting"
                        + " message: what waits is not in the gateway's own queue", Report.num(mostWaiting), queueLimit / 2,
                mostWaiting > queueLimit ? ", the full limit " + queueLimit : "", Report.mb(growth),
                Report.kb((double) growth / Math.max(1, allWaiting))));
    }

    /**
     * About how many messages the server still held for a stalled connection at the stall's end:
     * every event of the stall was published by then, so what it received of them in the end,
     * less what the kernel held then (at their mean size), waited in the server.
     */
    private static long waitingInServer(Ledger.Counts got, long[] kernel) {
        double meanFrame = got.meanFrameBytes();
        long inKernel = meanFrame == 0 ? 0 : Math.round((kernel[0] + kernel[1]) / meanFrame);
        return Math.max(0, got.lifecycle() + got.progress() - inKernel);
    }

    /** What the contract forbids, said as such (sections 1 and 5): the report tells it rather than hides it. */
    private void findings(Report report, Subscriber subscriber, Ledger.Counts got, long lifecycle, long unaccounted,
                          boolean ended, long waiting) {
        String who = "stalled #" + subscriber.index + ": ";
        if (ended && subscriber.closeCode == 1013) {
            report.note(who + "closed with 1013; the contract allows it only past " + queueLimit + " waiting messages"
                    + " (or jobs.max-queued-bytes), and lifecycle events are never dropped before it: judge by the"
                    + " other stalled connections' waiting messages whether the queue can have been that full");
        } else if (ended) {
            report.note(who + "ended while stalled: " + (subscriber.closeCode > 0 ? "closed with " + subscriber.closeCode
                    : subscriber.failure));
        } else if (got.lifecycle() < lifecycle) {
            report.note(who + "SERVER: " + (lifecycle - got.lifecycle()) + " lifecycle events never came, with no close"
                    + " (contract section 5: no type but job.progress is ever dropped)");
        }
        if (!ended && waiting > queueLimit) {
            report.note(who + "SERVER: about " + Report.num(waiting) + " messages waited for it in the server, past"
                    + " jobs.max-queued-messages (" + queueLimit + "), and it was not closed with 1013 (contract section 1)");
        }
        if (got.lifecycleDuplicates() > 0 || got.reorders() > 0) {
            report.note(who + "SERVER: " + got.lifecycleDuplicates() + " lifecycle events twice, " + got.reorders()
                    + " events out of seq order (contract section 5: none reordered, each at most once)");
        }
        if (!ended && unaccounted != 0) {
            report.note(who + "SERVER: the \"replaced\" counts do not add up to the gaps: " + unaccounted
                    + " events of the stall neither received nor counted as replaced");
        }
    }

    private static String mix(Publisher.Outcome outcome) {
        StringBuilder text = new StringBuilder(Report.num(outcome.accepted.sum()) + " events accepted:");
        byType(outcome).forEach((type, count) -> text.append(' ').append(type).append(' ').append(Report.num(count))
                .append(','));
        text.setLength(text.length() - 1);
        return text.toString();
    }

    private static Map<String, Long> byType(Publisher.Outcome outcome) {
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<String, LongAdder> entry : outcome.acceptedByType.entrySet()) {
            counts.put(entry.getKey(), entry.getValue().sum());
        }
        return counts;
    }

    private String perConnection(long bytes) {
        return Report.kb((double) bytes / Math.max(1, stalled.size()));
    }
}
