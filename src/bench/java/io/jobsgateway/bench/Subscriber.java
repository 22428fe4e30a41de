package io.jobsgateway.bench;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * One benchmark connection, whichever client and transport (WebSocket or Server-Sent Events)
 * carries it: its key, the job it subscribes to (or none), its state, and what it received of
 * its job, by {@code seq}, to find losses, duplicates and reorders. The client calls
 * {@link #onMessage} and {@link #pinged} from one thread at a time.
 */
final class Subscriber {

    enum State { NEW, CONNECTING, CONNECTED, SUBSCRIBED, ENDED }

    /** The scenario's view of connections coming up and going away. */
    interface Lifecycle {
        void connected(Subscriber subscriber);

        void subscribed(Subscriber subscriber);

        /** Closed or failed, in any state; called once. */
        void ended(Subscriber subscriber);
    }

    static final String PONG = "{\"type\":\"pong\"}";

    private static final byte[] SEQ = bytes("\"seq\":");
    private static final byte[] INTENDED = bytes("\"bt\":");
    private static final byte[] PHASE = bytes("\"bp\":");
    private static final byte[] PING = bytes("\"type\":\"ping\"");
    private static final byte[] CONNECTED = bytes("\"type\":\"connected\"");
    private static final byte[] SUBSCRIBED = bytes("\"type\":\"subscribed\"");
    private static final byte[] ERROR = bytes("\"type\":\"error\"");
    private static final byte[] PROGRESS = bytes("\"type\":\"job.progress\"");
    private static final byte[] REPLACED = bytes("\"replaced\":");

    final int index;
    final String key;
    final String jobId;
    final int group;
    final int port;
    private final Tally tally;
    private final Lifecycle lifecycle;
    /** System.nanoTime() origin of the {@code bt} values the publisher puts in events. */
    private final long origin;

    volatile State state = State.NEW;
    volatile long startNanos;
    volatile long connectedNanos;
    volatile long subscribedNanos;
    volatile int closeCode = -1;
    volatile String failure;
    volatile int errors;
    /** Heartbeat pings received: {@code ping} messages, or an event stream's {@code : ping} comments. */
    volatile long pings;
    /** Set when the benchmark itself closes the connection: its end is no failure. */
    volatile boolean closing;
    /** The socket's SO_RCVBUF in bytes, set before it connects; 0 leaves the kernel's default (autotuned). */
    volatile int receiveBufferBytes;
    /**
     * The loopback address the socket is bound to before it connects ({@link SourceAddresses});
     * null lets the kernel choose (127.0.0.1 towards 127.0.0.1). One source address has only
     * the ephemeral port range (about 28,000 ports) towards one server port.
     */
    volatile java.net.InetAddress sourceAddress;
    /** The client side's port once connected (0 before): how {@code /proc/net/tcp} names its socket. */
    volatile int localPort;
    /**
     * When set, what it gets is also counted by kind: the type and {@code replaced} are parsed
     * only then, so that other scenarios pay nothing for it.
     */
    volatile Ledger ledger;

    private final BitSet seen = new BitSet();
    private long maxSeq;

    Subscriber(int index, String key, String jobId, int group, int port, Tally tally, Lifecycle lifecycle, long origin) {
        this.index = index;
        this.key = key;
        this.jobId = jobId;
        this.group = group;
        this.port = port;
        this.tally = tally;
        this.lifecycle = lifecycle;
        this.origin = origin;
    }

    void starting(long nowNanos) {
        startNanos = nowNanos;
        state = State.CONNECTING;
    }

    /**
     * One text message from the server, read at {@code nowNanos}; answers the text to send back
     * (the subscribe after {@code connected}, a pong after a ping), or null.
     */
    String onMessage(byte[] text, int offset, int length, long nowNanos) {
        int end = offset + length;
        long seq = number(text, offset, end, SEQ);
        if (seq != Long.MIN_VALUE) {
            jobEvent(seq, text, offset, end, nowNanos);
            return null;
        }
        if (indexOf(text, offset, end, PING) >= 0) {
            return pinged();
        }
        if (indexOf(text, offset, end, CONNECTED) >= 0) {
            connectedNanos = nowNanos;
            state = State.CONNECTED;
            lifecycle.connected(this);
            return jobId == null ? null : "{\"type\":\"subscribe\",\"jobId\":\"" + jobId + "\"}";
        }
        if (indexOf(text, offset, end, SUBSCRIBED) >= 0) {
            subscribedNanos = nowNanos;
            state = State.SUBSCRIBED;
            lifecycle.subscribed(this);
            return null;
        }
        if (indexOf(text, offset, end, ERROR) >= 0) {
            if (errors++ < 3) {
                System.out.println("bench: connection " + index + " got " + new String(text, offset, length,
                        StandardCharsets.UTF_8));
            }
        }
        return null;
    }

    /** A heartbeat ping came; answers the pong a WebSocket sends back (an event stream sends nothing). */
    String pinged() {
        pings++;
        return PONG;
    }

    private void jobEvent(long seq, byte[] text, int offset, int end, long nowNanos) {
        long intended = number(text, offset, end, INTENDED);
        long phase = number(text, offset, end, PHASE);
        if (intended == Long.MIN_VALUE || phase == Long.MIN_VALUE || seq <= 0 || seq > Integer.MAX_VALUE) {
            tally.malformed();
            return;
        }
        boolean duplicate = seen.get((int) seq);
        boolean reorder = false;
        if (!duplicate) {
            seen.set((int) seq);
            reorder = seq < maxSeq;
            maxSeq = Math.max(maxSeq, seq);
        }
        tally.event((int) phase, group, (nowNanos - origin - intended) / 1000, duplicate, reorder);
        Ledger watching = ledger;
        if (watching != null) {
            watching.event((int) phase, end - offset, duplicate, reorder, indexOf(text, offset, end, PROGRESS) >= 0,
                    Math.max(0, number(text, offset, end, REPLACED)));
        }
    }

    /** The connection closed ({@code code}, or -1 without a close frame) or failed ({@code why}); once. */
    void ended(int code, String why) {
        if (state == State.ENDED) {
            return;
        }
        closeCode = code;
        if (why != null && failure == null) {
            failure = why;
        }
        state = State.ENDED;
        lifecycle.ended(this);
    }

    boolean ready() {
        return state == (jobId == null ? State.CONNECTED : State.SUBSCRIBED);
    }

    /** The whole number after {@code key}, or Long.MIN_VALUE when there is none. */
    static long number(byte[] text, int from, int end, byte[] key) {
        int at = indexOf(text, from, end, key);
        if (at < 0) {
            return Long.MIN_VALUE;
        }
        int i = at + key.length;
        while (i < end && text[i] == ' ') {
            i++;
        }
        boolean negative = i < end && text[i] == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < end && text[i] >= '0' && text[i] <= '9') {
            value = value * 10 + (text[i] - '0');
            i++;
            digits++;
        }
        return digits == 0 ? Long.MIN_VALUE : negative ? -value : value;
    }

    static int indexOf(byte[] text, int from, int end, byte[] pattern) {
        byte first = pattern[0];
        int last = end - pattern.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (text[i] != first) {
                continue;
            }
            for (int j = 1; j < pattern.length; j++) {
                if (text[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
