package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Server-Sent Events client that knows nothing of the server: it reads the stream as the
 * HTML standard says (fields {@code event}, {@code id}, {@code data}, comments) and queues
 * each message it dispatches, on a thread of its own.
 */
final class EventStream implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    /** One dispatched message; {@code id} is null when the message set none. */
    record Message(String event, String id, JsonObject data) {
    }

    private static final Message ENDED = new Message("(ended)", null, null);

    private final String name;
    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final List<Message> received = new ArrayList<>();
    private final AtomicInteger comments = new AtomicInteger();
    private volatile boolean ended;

    EventStream(String name, HttpResponse<InputStream> response) {
        this.name = name;
        this.response = response;
        if (response.statusCode() == 200) {
            Thread reader = new Thread(this::read, "sse-" + name);
            reader.setDaemon(true);
            reader.start();
        }
    }

    int status() {
        return response.statusCode();
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** The body of a refused stream, as JSON. */
    JsonObject error() {
        try (InputStream body = response.body();
             JsonReader reader = Json.createReader(new StringReader(new String(body.readAllBytes(), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (IOException e) {
            throw new AssertionError(name + ": the error body could not be read", e);
        }
    }

    /** The next message, waiting at most {@link #WAIT}; fails the test if none comes or the stream ends. */
    Message next() {
        try {
            Message message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                fail(name + ": no message within " + WAIT.toSeconds() + " s; got " + received);
            }
            if (message == ENDED) {
                messages.add(ENDED);
                fail(name + ": the stream ended; got " + received);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message, which must be an {@code event} one. */
    Message next(String event) {
        Message message = next();
        assertEquals(event, message.event(), name + ": the event of " + message);
        return message;
    }

    /** The next {@code count} job events. */
    List<Message> jobs(int count) {
        List<Message> jobs = new ArrayList<>();
        while (jobs.size() < count) {
            jobs.add(next("job"));
        }
        return jobs;
    }

    /** Whether nothing more arrives within {@code quiet}. */
    boolean nothingWithin(Duration quiet) throws InterruptedException {
        Message message = messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        if (message == ENDED) {
            messages.add(ENDED);
            return true;
        }
        return message == null;
    }

    int comments() {
        return comments.get();
    }

    boolean ended() {
        return ended;
    }

    private void read() {
        String event = null;
        String id = null;
        StringBuilder data = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        Message message = new Message(event == null ? "message" : event, id, parse(data.toString()));
                        synchronized (received) {
                            received.add(message);
                        }
                        messages.add(message);
                    }
                    event = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else if (line.startsWith("event: ")) {
                    event = line.substring("event: ".length());
                } else if (line.startsWith("id: ")) {
                    id = line.substring("id: ".length());
                } else if (line.startsWith("data: ")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring("data: ".length()));
                }
            }
        } catch (IOException e) {
            // closed by the test or the server: ended either way
        } finally {
            ended = true;
            messages.add(ENDED);
        }
    }

    private JsonObject parse(String data) {
        try (JsonReader reader = Json.createReader(new StringReader(data))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new AssertionError(name + ": data that is not a JSON object: " + data, e);
        }
    }

    /** Ends the stream from the client's side, as a closed page does. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // gone already
        }
    }
}
