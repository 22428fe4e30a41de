package io.jobsgateway.history;

import java.util.concurrent.ThreadLocalRandom;

/** Names for a job's streams: short, opaque, and new each time a job's seq starts at 1. */
final class Epochs {

    private static final int BITS = 40; // 8 base-36 characters: a repeat is not to be expected in a job's life

    private Epochs() {
    }

    static String next() {
        long value = ThreadLocalRandom.current().nextLong(1L << BITS);
        String text = Long.toString(value, 36);
        return "0".repeat(8 - text.length()) + text;
    }
}
