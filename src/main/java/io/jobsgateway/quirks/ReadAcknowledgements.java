package io.jobsgateway.quirks;

/**
 * How much a client may have been sent that it has not yet shown it read: at most
 * {@code maxBytes} and {@code maxMessages}. A send that the container reports complete has
 * often only been queued: Tyrus on Grizzly (Payara) completes it once Grizzly's write queue took
 * it, and that queue holds megabytes per connection, about 8 KB of heap for each small frame,
 * for a client that stopped reading. The outbox's limits and latest-wins would never see such a
 * reader. So a protocol ping goes out when half the window is used, the client's pong (which
 * RFC 6455 makes every client send, after reading everything before the ping) frees what came
 * before it, and past the window the next send is reported complete only then: the messages
 * wait in the outbox, where the limits hold.
 *
 * <p>Upstream: no container bounds it. Tyrus's servlet writer queues without limit and ignores
 * the send timeout (<a href="https://github.com/eclipse-ee4j/tyrus/issues/641">eclipse-ee4j/tyrus#641</a>);
 * Grizzly's pending-bytes setting is ignored for WebSockets
 * (<a href="https://github.com/eclipse-ee4j/glassfish-grizzly/issues/1841">eclipse-ee4j/glassfish-grizzly#1841</a>);
 * Undertow's outbound frame queue has no cap. Our notes and drafts: src/docs/upstream-reports.md, section 10.
 *
 * <p>Thread-safe; at most one send is in flight per connection, so at most one is held.
 */
public final class ReadAcknowledgements {

    private final long maxBytes;
    private final int maxMessages;
    private final Runnable ping;

    // guarded by this
    private long unreadBytes;
    private int unreadMessages;
    private boolean pingOut;
    private long bytesBeforePing;
    private int messagesBeforePing;
    private Runnable held;

    /** @param ping sends a protocol ping whose pong the endpoint hands to {@link #acknowledged} */
    public ReadAcknowledgements(long maxBytes, int maxMessages, Runnable ping) {
        this.maxBytes = maxBytes;
        this.maxMessages = maxMessages;
        this.ping = ping;
    }

    /**
     * The container took {@code messages} messages of {@code bytes} in all, in one write;
     * {@code complete} reports the send, now or once the client read enough.
     */
    public void sent(long bytes, int messages, Runnable complete) {
        boolean pingNow;
        boolean now;
        synchronized (this) {
            unreadBytes += bytes;
            unreadMessages += messages;
            pingNow = markIfHalfUsed();
            now = unreadBytes <= maxBytes && unreadMessages <= maxMessages;
            if (!now) {
                held = complete;
            }
        }
        if (pingNow) {
            ping.run();
        }
        if (now) {
            complete.run();
        }
    }

    /** The pong of our last ping came: the client has read everything sent before it. */
    public void acknowledged() {
        boolean pingNow;
        Runnable release = null;
        synchronized (this) {
            if (!pingOut) {
                return;
            }
            pingOut = false;
            unreadBytes -= bytesBeforePing;
            unreadMessages -= messagesBeforePing;
            pingNow = markIfHalfUsed();
            if (held != null && unreadBytes <= maxBytes && unreadMessages <= maxMessages) {
                release = held;
                held = null;
            }
        }
        if (pingNow) {
            ping.run();
        }
        if (release != null) {
            release.run();
        }
    }

    // guarded by this (called holding it)
    private boolean markIfHalfUsed() {
        if (pingOut || (unreadBytes < maxBytes / 2 && unreadMessages < maxMessages / 2)) {
            return false;
        }
        pingOut = true;
        bytesBeforePing = unreadBytes;
        messagesBeforePing = unreadMessages;
        return true;
    }
}
