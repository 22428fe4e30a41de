package io.jobsgateway.stream;

import io.jobsgateway.delivery.Connection;
import io.jobsgateway.delivery.Outgoing;
import io.jobsgateway.delivery.Transport;
import io.jobsgateway.wire.JobEventParts;
import io.jobsgateway.wire.Messages;
import io.jobsgateway.wire.JobEventParts.Place;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One Server-Sent Events stream (contract section 8) on an asynchronous servlet response,
 * written without blocking: a message waits while the container says the client is not ready
 * for more, and {@link #onWritePossible} sends it on. Each job event's {@code id:} is the place
 * of every job of the stream once it is written ({@link ResumeToken}), so a client that resumes
 * from it misses nothing and gets nothing twice. A write that completes counts as hearing from
 * the client: a stream has no pongs, and a client that stops reading stops the writes.
 */
final class SseTransport implements Transport, WriteListener {

    static final String NAME = "sse";

    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROBE = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final Executor executor;
    private volatile Connection connection;
    private volatile Runnable whenEnded = () -> { };

    private final Set<String> jobRooms;

    // guarded by this
    private final Map<String, Place> places;
    private byte[] unwritten;
    private boolean unflushed;
    private Consumer<Throwable> whenWritten;
    private boolean ended;
    private boolean completed;

    /**
     * @param jobRooms the jobs of the stream's job rooms: the only ones a token can resume, so the
     *                 only ones it names (a client or all-jobs room would make it grow without end)
     * @param resumed  where the client said it stands, kept in every token until its job moves on
     */
    SseTransport(AsyncContext async, Executor executor, Set<String> jobRooms, Map<String, Place> resumed)
            throws IOException {
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        this.executor = executor;
        this.jobRooms = Set.copyOf(jobRooms);
        this.places = new LinkedHashMap<>();
        resumed.forEach((jobId, place) -> {
            if (this.jobRooms.contains(jobId)) {
                places.put(jobId, place);
            }
        });
    }

    /**
     * Starts non-blocking writes (the container calls {@link #onWritePossible} once it may be
     * written), with what to do once the stream ended, however it ends: Grizzly does not call
     * the servlet's async listener for a response whose connection it found closed.
     */
    void start(Runnable whenEnded) {
        this.whenEnded = whenEnded;
        out.setWriteListener(this);
    }

    /** The connection whose messages this stream writes: a completed write keeps it alive. */
    void attach(Connection connection) {
        this.connection = connection;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Writes the messages as one buffer: one write and one flush for all that waited. */
    @Override
    public void send(List<Outgoing> messages, Consumer<Throwable> done) {
        boolean written = false;
        boolean failed = false;
        synchronized (this) {
            if (ended) {
                failed = true;
            } else {
                unwritten = frames(messages);
                written = pump();
                failed = ended;
                if (!written && !failed) {
                    whenWritten = done; // onWritePossible completes it
                }
            }
        }
        if (written) {
            written(done);
        } else if (failed) {
            done.accept(new IOException("the stream has ended"));
        }
    }

    @Override
    public void onWritePossible() {
        Consumer<Throwable> done;
        boolean written;
        synchronized (this) {
            done = whenWritten;
            written = pump(); // also what a probe left unflushed
            if (done == null || (!written && !ended)) {
                return; // called again once the client takes more
            }
            whenWritten = null;
        }
        if (written) {
            written(done);
        } else {
            done.accept(new IOException("the stream has ended"));
        }
    }

    @Override
    public void onError(Throwable failure) {
        Consumer<Throwable> done;
        synchronized (this) {
            done = whenWritten;
            whenWritten = null;
        }
        if (done != null) {
            done.accept(failure);
        } else {
            end();
        }
    }

    /**
     * Writes an empty comment at once unless a message is on its way (which tells as much), to
     * find out whether the client is still there ({@link OpenStreams#probe}); a failure ends the stream.
     */
    void probe() {
        boolean failed;
        synchronized (this) {
            if (ended || whenWritten != null || unflushed || !out.isReady()) {
                return;
            }
            unwritten = PROBE;
            pump();
            failed = ended;
        }
        if (failed) {
            end();
        }
    }

    /**
     * Writes and flushes what waits, as far as the container lets it now; true when all of it
     * is out. Guarded by this: the container's thread and the lanes' call it.
     */
    private boolean pump() {
        try {
            while (unwritten != null || unflushed) {
                if (!out.isReady()) {
                    return false;
                }
                if (unwritten != null) {
                    out.write(unwritten);
                    unwritten = null;
                    unflushed = true;
                } else {
                    out.flush();
                    unflushed = false;
                }
            }
            return true;
        } catch (IOException | IllegalStateException e) {
            ended = true;
            return false;
        }
    }

    private void written(Consumer<Throwable> done) {
        Connection reading = connection;
        if (reading != null) {
            reading.heardFrom(System.nanoTime());
        }
        done.accept(null);
    }

    // guarded by this
    private byte[] frames(List<Outgoing> messages) {
        if (messages.size() == 1) {
            return frame(messages.get(0).text());
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Outgoing message : messages) {
            all.writeBytes(frame(message.text()));
        }
        return all.toByteArray();
    }

    /** The SSE message for one of the connection's messages; guarded by this (it moves the places). */
    private byte[] frame(String json) {
        if (Messages.Ping.is(json)) {
            return PING;
        }
        Place place = JobEventParts.place(json);
        StringBuilder frame = new StringBuilder(json.length() + 64);
        if (place != null) {
            if (jobRooms.contains(place.jobId())) {
                places.put(place.jobId(), place);
            }
            frame.append("event: job\nid: ").append(ResumeToken.format(places.values())).append('\n');
        } else {
            frame.append("event: ").append(typeOf(json)).append('\n');
        }
        // JSON as we write it has no line breaks: one data line is the whole message.
        return frame.append("data: ").append(json).append("\n\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String typeOf(String json) {
        int start = "{\"type\":\"".length();
        int end = json.indexOf('"', start);
        return end < 0 ? "message" : json.substring(start, end);
    }

    @Override
    public void close(int code, String reason) {
        executor.execute(this::end);
    }

    /** Too far behind: a stream has no close code, so it just ends, and the client resumes from its last id. */
    @Override
    public void overflowed(Connection connection) {
        close(0, null);
    }

    @Override
    public void failed(Throwable cause) {
        close(0, null);
    }

    /** Ends the response, once, and reports it; a failed write only marks it ended until then. */
    void end() {
        synchronized (this) {
            ended = true;
            if (completed) {
                return; // the listener's disconnect asks again: once is enough
            }
            completed = true;
        }
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // completed already, or the container gave the response up
        }
        whenEnded.run();
    }
}
