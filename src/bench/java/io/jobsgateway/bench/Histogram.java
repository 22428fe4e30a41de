package io.jobsgateway.bench;

/**
 * Latencies in microseconds, in log-linear buckets: exact below 256 µs, then 128 buckets per
 * power of two (under 1 % error), so recording never allocates and any run fits in ~40 KB.
 * Not thread-safe: callers synchronize, or own one each and {@link #add} them.
 */
final class Histogram {

    private static final int LINEAR = 256;
    private static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = LINEAR + 56 * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;
    private long min = Long.MAX_VALUE;
    private double sum;

    void record(long micros) {
        long value = Math.max(0, micros);
        counts[index(value)]++;
        total++;
        sum += value;
        if (value > max) {
            max = value;
        }
        if (value < min) {
            min = value;
        }
    }

    void add(Histogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sum += other.sum;
        max = Math.max(max, other.max);
        min = Math.min(min, other.min);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    double mean() {
        return total == 0 ? 0 : sum / total;
    }

    /** The value at {@code quantile} (0..1): the upper edge of its bucket, at most the max seen. */
    long percentile(double quantile) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        rank = Math.max(1, Math.min(total, rank));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, Math.max(min, upperEdge(i)));
            }
        }
        return max;
    }

    static int index(long value) {
        if (value < LINEAR) {
            return (int) value;
        }
        int msb = 63 - Long.numberOfLeadingZeros(value);
        int shift = msb - SUB_BITS;
        int index = LINEAR + (shift - 1) * SUB + (int) ((value >> shift) - SUB);
        return Math.min(index, BUCKETS - 1);
    }

    static long upperEdge(int index) {
        if (index < LINEAR) {
            return index;
        }
        int shift = (index - LINEAR) / SUB + 1;
        long sub = (index - LINEAR) % SUB + SUB;
        return ((sub + 1) << shift) - 1;
    }
}
