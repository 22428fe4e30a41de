package io.jobsgateway.batch;

import jakarta.batch.runtime.Metric;

/**
 * What a step did with its items, from the batch runtime's step metrics.
 *
 * @param read        items read ({@code READ_COUNT})
 * @param readSkipped items whose read failed and was skipped ({@code READ_SKIP_COUNT}): read past, not counted as read
 * @param written     items written
 * @param skipped     items skipped in reading, processing or writing
 * @param filtered    items the processor filtered out (answered null for)
 * @param commits     chunks committed
 * @param rollbacks   chunks rolled back
 */
record ItemCounts(long read, long readSkipped, long written, long skipped, long filtered, long commits, long rollbacks) {

    static final ItemCounts NONE = new ItemCounts(0, 0, 0, 0, 0, 0, 0);

    static ItemCounts of(Metric[] metrics) {
        long read = 0, readSkipped = 0, written = 0, skipped = 0, filtered = 0, commits = 0, rollbacks = 0;
        for (Metric metric : metrics == null ? new Metric[0] : metrics) {
            long value = metric.getValue();
            switch (metric.getType()) {
                case READ_COUNT -> read = value;
                case READ_SKIP_COUNT -> {
                    readSkipped = value;
                    skipped += value;
                }
                case PROCESS_SKIP_COUNT, WRITE_SKIP_COUNT -> skipped += value;
                case WRITE_COUNT -> written = value;
                case FILTER_COUNT -> filtered = value;
                case COMMIT_COUNT -> commits = value;
                case ROLLBACK_COUNT -> rollbacks = value;
            }
        }
        return new ItemCounts(read, readSkipped, written, skipped, filtered, commits, rollbacks);
    }

    ItemCounts plus(ItemCounts other) {
        return new ItemCounts(read + other.read, readSkipped + other.readSkipped, written + other.written,
                skipped + other.skipped, filtered + other.filtered, commits + other.commits, rollbacks + other.rollbacks);
    }

    /** Whether items were read, written or skipped since {@code before}: a commit or rollback alone is no progress. */
    boolean movedFrom(ItemCounts before) {
        return done() != before.done() || written != before.written || skipped != before.skipped;
    }

    /** Items the readers got through, skipped ones included: what a total counts. */
    long done() {
        return read + readSkipped;
    }
}
