package io.jobsgateway.endpoint;

/**
 * Counts a connection's inbound messages per second: past {@code limit} a message is refused,
 * at five times the limit the connection is to be closed. Used only by the one thread the
 * container delivers this connection's messages on.
 */
final class RateWindow {

    enum Verdict { ADMIT, REFUSE, CLOSE }

    static final int CLOSE_AT_TIMES_LIMIT = 5;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final int limit;
    private long windowStart;
    private int count;

    RateWindow(int limit, long nowNanos) {
        this.limit = limit;
        this.windowStart = nowNanos;
    }

    Verdict record(long nowNanos) {
        if (nowNanos - windowStart >= SECOND_NANOS) {
            windowStart = nowNanos;
            count = 0;
        }
        count++;
        if (count > limit * CLOSE_AT_TIMES_LIMIT) {
            return Verdict.CLOSE;
        }
        return count > limit ? Verdict.REFUSE : Verdict.ADMIT;
    }
}
