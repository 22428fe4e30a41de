package io.jobsgateway.bench;

/**
 * What the subscribers received, by phase (0 = warm-up and anything else not measured, 1.. = a
 * measured phase, as the event's {@code bp} says) and by group (the node a subscriber is on).
 * Latency is from the event's intended send time ({@code bt}) to the moment its frame was read.
 */
final class Tally {

    static final int PHASES = 64;

    static final class Counts {
        final Histogram latency = new Histogram();
        long received;
        long distinct;
        long duplicates;
        long reorders;

        void add(Counts other) {
            latency.add(other.latency);
            received += other.received;
            distinct += other.distinct;
            duplicates += other.duplicates;
            reorders += other.reorders;
        }
    }

    private final Counts[][] counts;
    private long malformed;

    Tally(int groups) {
        counts = new Counts[PHASES][groups];
        for (Counts[] phase : counts) {
            for (int g = 0; g < groups; g++) {
                phase[g] = new Counts();
            }
        }
    }

    synchronized void event(int phase, int group, long latencyMicros, boolean duplicate, boolean reorder) {
        Counts c = counts[phase < 0 || phase >= PHASES ? 0 : phase][group];
        c.received++;
        if (duplicate) {
            c.duplicates++;
        } else {
            c.distinct++;
            if (reorder) {
                c.reorders++;
            }
            c.latency.record(latencyMicros);
        }
    }

    synchronized void malformed() {
        malformed++;
    }

    synchronized long malformedCount() {
        return malformed;
    }

    synchronized long distinct(int phase) {
        long sum = 0;
        for (Counts c : counts[phase]) {
            sum += c.distinct;
        }
        return sum;
    }

    /** A copy of one phase's counts, summed over all groups. */
    synchronized Counts phase(int phase) {
        Counts sum = new Counts();
        for (Counts c : counts[phase]) {
            sum.add(c);
        }
        return sum;
    }

    /** A copy of one phase's counts of one group. */
    synchronized Counts phase(int phase, int group) {
        Counts copy = new Counts();
        copy.add(counts[phase][group]);
        return copy;
    }
}
