package io.jobsgateway.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one connection got of its job from phase {@code fromPhase} on, by kind. Lifecycle events
 * (every type but {@code job.progress}) must each come exactly once and in {@code seq} order:
 * the contract lets a server replace only progress (section 5). A progress that stands for
 * others says so in {@code "replaced":n}, so the events received plus their {@code replaced}
 * counts add up to the events published, whatever the server left out. Written by the
 * connection's client thread, read by the scenario.
 */
final class Ledger {

    /** The counts at one moment. */
    record Counts(long frames, long bytes, long duplicates, long reorders, long lifecycle, long lifecycleDuplicates, long progress,
                  long replacing, long replaced, long firstReplacingAt) {

        /** Distinct events received plus those they say they stand for: the published events they account for. */
        long accounted() {
            return lifecycle + progress + replaced;
        }

        /** The mean size of a job event's JSON as it came, in bytes. */
        double meanFrameBytes() {
            return frames == 0 ? 0 : (double) bytes / frames;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("frames", frames);
            json.put("meanFrameBytes", meanFrameBytes());
            json.put("duplicates", duplicates);
            json.put("reorders", reorders);
            json.put("lifecycle", lifecycle);
            json.put("lifecycleDuplicates", lifecycleDuplicates);
            json.put("progress", progress);
            json.put("progressWithReplaced", replacing);
            json.put("replaced", replaced);
            json.put("firstReplacedAtFrame", firstReplacingAt);
            json.put("accounted", accounted());
            return json;
        }
    }

    private final int fromPhase;
    private long frames;
    private long bytes;
    private long duplicates;
    private long reorders;
    private long lifecycle;
    private long lifecycleDuplicates;
    private long progress;
    private long replacing;
    private long replaced;
    private long firstReplacingAt = -1;

    Ledger(int fromPhase) {
        this.fromPhase = fromPhase;
    }

    /** One job event of {@code phase}, {@code length} bytes; {@code replacedCount} is its {@code "replaced"} (0 without). */
    synchronized void event(int phase, int length, boolean duplicate, boolean reorder, boolean isProgress, long replacedCount) {
        if (phase < fromPhase) {
            return;
        }
        frames++;
        bytes += length;
        if (duplicate) {
            duplicates++;
            if (!isProgress) {
                lifecycleDuplicates++;
            }
            return;
        }
        if (reorder) {
            reorders++;
        }
        if (isProgress) {
            progress++;
        } else {
            lifecycle++;
        }
        if (replacedCount > 0) {
            if (firstReplacingAt < 0) {
                firstReplacingAt = frames - 1; // how many came before it: about what the kernel and half the queue held
            }
            replacing++;
            replaced += replacedCount;
        }
    }

    synchronized Counts counts() {
        return new Counts(frames, bytes, duplicates, reorders, lifecycle, lifecycleDuplicates, progress, replacing, replaced,
                firstReplacingAt);
    }
}
