package io.jobsgateway.batch;

import java.util.Map;
import java.util.OptionalInt;

/** The percentage of a batch job, from the items its readers got through and the total it declared. */
final class BatchProgress {

    private BatchProgress() {
    }

    /** A declared total, from a job parameter's text: null unless a whole number above 0. */
    static Long total(String text) {
        if (text == null) {
            return null;
        }
        try {
            long total = Long.parseLong(text.trim());
            return total > 0 ? total : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The total a job hints at in {@code JobContext.setTransientUserData}: a number above 0, or a
     * {@code Map} whose {@value BatchParameters#TOTAL} is one (so that the job may keep more there).
     */
    static Long hint(Object transientUserData) {
        Object value = transientUserData instanceof Map<?, ?> map ? map.get(BatchParameters.TOTAL) : transientUserData;
        if (value instanceof Number number && !(value instanceof Double || value instanceof Float)) {
            long total = number.longValue();
            return total > 0 ? total : null;
        }
        return null;
    }

    /** 0 to 100, rounded down, at most 100 (a retried chunk's items are read again); none without a total. */
    static OptionalInt percent(long done, Long total) {
        if (total == null || total <= 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Math.min(100, Math.max(0, done) * 100 / total));
    }

    /** For people: {@code import: 500 of 2000 read, 498 written, 2 skipped}. */
    static String message(String step, ItemCounts counts, Long total) {
        StringBuilder text = new StringBuilder(step).append(": ").append(counts.done());
        if (total != null) {
            text.append(" of ").append(total);
        }
        text.append(" read, ").append(counts.written()).append(" written");
        if (counts.skipped() > 0) {
            text.append(", ").append(counts.skipped()).append(" skipped");
        }
        return text.toString();
    }
}
