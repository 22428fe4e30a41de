package io.jobsgateway.stream;

import io.jobsgateway.delivery.Connection;
import io.jobsgateway.delivery.Outgoing;
import io.jobsgateway.delivery.Transport;
import io.jobsgateway.wire.JobEventParts;
import io.jobsgateway.wire.Messages;
import io.jobsgateway.wire.JobEventParts.Place;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A long poll's connection, for as long as the request is held: it keeps the job events it is
 * sent (nothing else: a poll answers with events and positions only) until the answer takes
 * them, and says when the first arrives once the poll {@link #waitFor waits}.
 */
final class PollTransport implements Transport {

    static final String NAME = "poll";

    /** What a held poll answers with. */
    record Taken(List<String> events, Map<String, Place> places) {
    }

    private volatile Connection connection;

    // guarded by this
    private final List<String> events = new ArrayList<>();
    private final Map<String, Place> places = new HashMap<>();
    private boolean taken;
    private Runnable whenReady;

    /**
     * The poll's connection. A held poll is alive as long as it is held: each heartbeat ping
     * counts as hearing from it, so a heartbeat timeout shorter than {@code wait} does not cut it.
     */
    void attach(Connection connection) {
        this.connection = connection;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(List<Outgoing> messages, Consumer<Throwable> done) {
        for (Outgoing message : messages) {
            take(message.text());
        }
        done.accept(null);
    }

    private void take(String text) {
        Connection held = connection;
        if (held != null && Messages.Ping.is(text)) {
            held.heardFrom(System.nanoTime());
        }
        Place place = JobEventParts.place(text);
        Runnable ready = null;
        if (place != null) {
            synchronized (this) {
                if (!taken) {
                    events.add(text);
                    places.put(place.jobId(), place);
                    ready = whenReady;
                    whenReady = null;
                }
            }
        }
        if (ready != null) {
            ready.run();
        }
    }

    /** Runs {@code ready} once there is an event to answer with: at once if there is one already. */
    void waitFor(Runnable ready) {
        boolean now;
        synchronized (this) {
            now = !events.isEmpty() && !taken;
            if (!now) {
                whenReady = ready;
            }
        }
        if (now) {
            ready.run();
        }
    }

    /** Takes what came, once: later events are left for the next poll, which resumes from the places taken. */
    synchronized Taken take() {
        taken = true;
        whenReady = null;
        return new Taken(List.copyOf(events), Map.copyOf(places));
    }

    /** The heartbeat or a shutdown ends it: the poll answers now with what it has. */
    @Override
    public void close(int code, String reason) {
        Runnable ready;
        synchronized (this) {
            ready = whenReady;
            whenReady = null;
        }
        if (ready != null) {
            ready.run();
        }
    }

    @Override
    public void overflowed(Connection connection) {
        close(0, null);
    }

    @Override
    public void failed(Throwable cause) {
        close(0, null);
    }
}
