package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.fail;

import io.jobsgateway.asyncapi.AsyncApiContract;
import io.jobsgateway.asyncapi.AsyncApiContract.Direction;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A WebSocket client that knows nothing of the server: it puts every JSON message it receives
 * on a queue that tests wait on with a timeout, answers the server's {@code ping} with
 * {@code {"type":"pong"}} (unless told not to), and records how the connection ended.
 *
 * <p>Reading can be paused: the JDK client reads from the network only as demand is signalled,
 * so a paused socket leaves data in the TCP buffers and the server sees a slow reader. While
 * paused it cannot see pings, so it keeps the connection alive by sending {@code pong} on its own.
 *
 * <p>What a test sends is paced to at most {@value #PACED_MESSAGES} messages per
 * {@value #PACE_WINDOW_MILLIS} ms, so that with the pongs it stays under the gateway's rate limit
 * of 20 messages a second; {@link #sendUnpaced} is for the tests of that limit.
 *
 * <p>Every frame is checked against {@code src/docs/asyncapi.yaml} ({@link AsyncApiContract}), so
 * the document cannot drift from the code: a frame of the server that fits no message of the
 * document is recorded and fails the test at its next receive, or when the {@link Gateway} closes
 * its sockets; a frame the test sends must fit, or the send fails. The tests of malformed
 * requests send with {@link #sendInvalid}, which asks the opposite: the document must refuse the
 * frame too. A binary frame ({@link #sendBinary}) is outside the document by nature.
 */
final class TestSocket implements WebSocket.Listener, AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final Duration QUIET = Duration.ofMillis(300);

    static final int PACED_MESSAGES = 14;
    static final long PACE_WINDOW_MILLIS = 1100;

    private static final String PONG = "{\"type\":\"pong\"}";
    // Read when the first socket is made, on the test's thread rather than the first listener's.
    private static final AsyncApiContract CONTRACT = AsyncApiContract.project();
    private static final JsonObject CLOSED = Json.createObjectBuilder().add("type", "<closed>").build();
    private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "test-socket-timer");
        thread.setDaemon(true);
        return thread;
    });

    private final String name;
    private final LinkedBlockingDeque<JsonObject> inbox = new LinkedBlockingDeque<>();
    private final LinkedBlockingDeque<Received> pings = new LinkedBlockingDeque<>();
    private final List<JsonObject> everything = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final Object sendLock = new Object();
    private final Object paceLock = new Object();
    private final Deque<Long> recentSends = new ArrayDeque<>();
    private final Object demandLock = new Object();

    private volatile WebSocket socket;
    private volatile boolean answerPings = true;
    private volatile String closeReason = "";
    private final long openedAt = System.nanoTime();
    private volatile long closedAt;
    private boolean paused;
    private boolean demandOwed;
    private ScheduledFuture<?> keepAlive;

    /** A ping as it arrived, with the client's clock. */
    record Received(JsonObject message, long nanoTime) {
    }

    TestSocket(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    // ---------------------------------------------------------------- listener

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        demand();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            deliver(text);
        }
        demand();
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        violations.add("a binary frame of " + data.remaining() + " bytes: the contract allows text frames only");
        queue("{\"type\":\"<binary frame: the contract allows text frames only>\"}");
        demand();
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        demand();
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        demand();
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closedAt = System.nanoTime();
        closeCode.complete(statusCode);
        inbox.add(CLOSED);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closedAt = System.nanoTime();
        closeCode.completeExceptionally(error);
        inbox.add(CLOSED);
    }

    private void deliver(String text) {
        List<String> wrong = CONTRACT.violations(Direction.SERVER_TO_CLIENT, text);
        if (!wrong.isEmpty()) {
            violations.add(abbreviate(text) + "\n    " + String.join("\n    ", wrong));
        }
        queue(text);
    }

    private void queue(String text) {
        JsonObject message;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            message = value.getValueType() == JsonValue.ValueType.OBJECT
                    ? value.asJsonObject()
                    : Json.createObjectBuilder().add("type", "<not a JSON object>").add("text", text).build();
        } catch (JsonException e) {
            message = Json.createObjectBuilder().add("type", "<not JSON>").add("text", text).build();
        }
        everything.add(message);
        if ("ping".equals(message.getString("type", null))) {
            pings.add(new Received(message, System.nanoTime()));
            if (answerPings) {
                TIMERS.execute(() -> trySendNow(PONG));
            }
        } else {
            inbox.add(message);
        }
    }

    private void demand() {
        synchronized (demandLock) {
            if (paused) {
                demandOwed = true;
                return;
            }
        }
        socket.request(1);
    }

    // ---------------------------------------------------------------- controls

    /** Stops answering pings, so the server sees a silent client. */
    TestSocket silent() {
        answerPings = false;
        return this;
    }

    /**
     * Stops reading from the network. The socket keeps the connection alive with a
     * {@code pong} every 400 ms, since it can no longer see the server's pings.
     */
    void pauseReading() {
        synchronized (demandLock) {
            paused = true;
            keepAlive = TIMERS.scheduleAtFixedRate(() -> trySendNow(PONG), 0, 400, TimeUnit.MILLISECONDS);
        }
    }

    void resumeReading() {
        boolean owed;
        synchronized (demandLock) {
            paused = false;
            owed = demandOwed;
            demandOwed = false;
            if (keepAlive != null) {
                keepAlive.cancel(false);
            }
        }
        if (owed) {
            socket.request(1);
        }
    }

    // ---------------------------------------------------------------- sending

    void send(JsonObject message) {
        send(message.toString());
    }

    /**
     * Sends one text frame, paced to stay under the rate limit; fails the test if it cannot, or
     * if the frame is no request of asyncapi.yaml.
     */
    void send(String text) {
        assertFits(text);
        pace();
        sendNow(text);
    }

    /** Sends at once, ignoring the pace, for the tests of the rate limit; the frame must fit asyncapi.yaml. */
    boolean sendUnpaced(String text) {
        assertFits(text);
        return trySendNow(text);
    }

    /**
     * Sends, paced, a frame that is deliberately no request of the contract, for the tests of
     * {@code bad_request}; fails if asyncapi.yaml would take it, since the document would then
     * promise what the server refuses.
     */
    void sendInvalid(String text) {
        if (CONTRACT.violations(Direction.CLIENT_TO_SERVER, text).isEmpty()) {
            fail(name + ": " + abbreviate(text) + " is sent as malformed, but asyncapi.yaml takes it as a request");
        }
        pace();
        sendNow(text);
    }

    private void assertFits(String text) {
        List<String> wrong = CONTRACT.violations(Direction.CLIENT_TO_SERVER, text);
        if (!wrong.isEmpty()) {
            fail(name + ": the test would send " + abbreviate(text) + ", which is no request of asyncapi.yaml"
                    + " (send it with sendInvalid if that is the point):\n    " + String.join("\n    ", wrong));
        }
    }

    boolean sendBinary(byte[] bytes) {
        synchronized (sendLock) {
            try {
                socket.sendBinary(ByteBuffer.wrap(bytes), true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private void sendNow(String text) {
        if (!trySendNow(text)) {
            fail(name + ": could not send " + abbreviate(text) + "; the connection " + endDescription());
        }
    }

    private boolean trySendNow(String text) {
        synchronized (sendLock) {
            try {
                socket.sendText(text, true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (ExecutionException | TimeoutException | IllegalStateException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private void pace() {
        synchronized (paceLock) {
            long window = TimeUnit.MILLISECONDS.toNanos(PACE_WINDOW_MILLIS);
            long now = System.nanoTime();
            while (!recentSends.isEmpty() && now - recentSends.peekFirst() >= window) {
                recentSends.removeFirst();
            }
            if (recentSends.size() >= PACED_MESSAGES) {
                long waitNanos = recentSends.peekFirst() + window - now;
                try {
                    // Pacing, not waiting for an outcome: the server allows 20 messages a second.
                    TimeUnit.NANOSECONDS.sleep(waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                recentSends.removeFirst();
                now = System.nanoTime();
            }
            recentSends.addLast(now);
        }
    }

    // ---------------------------------------------------------------- receiving

    /** The next message other than a ping, waiting at most {@code timeout}. */
    JsonObject next(Duration timeout) {
        JsonObject message = poll(timeout);
        if (message == null) {
            fail(name + ": no message within " + timeout.toMillis() + " ms; " + summary());
        }
        if (message == CLOSED) {
            inbox.add(CLOSED);
            fail(name + ": the connection " + endDescription() + " while a message was awaited; " + summary());
        }
        return message;
    }

    JsonObject next() {
        return next(WAIT);
    }

    /**
     * Removes and returns the first message (other than a ping) that matches, waiting at most
     * {@code timeout}; the messages it passes over stay queued, in order.
     */
    JsonObject await(String what, Predicate<JsonObject> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonObject> passed = new ArrayList<>();
        try {
            while (true) {
                JsonObject message = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (message == null) {
                    fail(name + ": no " + what + " within " + timeout.toMillis() + " ms; passed over "
                            + passed + "; " + summary());
                }
                if (message == CLOSED) {
                    inbox.add(CLOSED);
                    fail(name + ": the connection " + endDescription() + " while waiting for " + what
                            + "; passed over " + passed);
                }
                if (matches.test(message)) {
                    return message;
                }
                passed.add(message);
            }
        } finally {
            putBack(passed);
        }
    }

    JsonObject await(String what, Predicate<JsonObject> matches) {
        return await(what, matches, WAIT);
    }

    JsonObject nextOfType(String type) {
        return await("'" + type + "' message", message -> type.equals(message.getString("type", null)));
    }

    JsonObject nextOfType(String type, Duration timeout) {
        return await("'" + type + "' message", message -> type.equals(message.getString("type", null)), timeout);
    }

    /** The next event of job {@code jobId}, leaving other messages queued. */
    JsonObject nextEvent(String jobId) {
        return nextEvent(jobId, WAIT);
    }

    JsonObject nextEvent(String jobId, Duration timeout) {
        return await("event of job " + jobId, message -> isEventOf(jobId, message), timeout);
    }

    /** The next {@code count} events of job {@code jobId}, in the order they arrived. */
    List<JsonObject> nextEvents(String jobId, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonObject> events = new ArrayList<>(count);
        while (events.size() < count) {
            long left = Math.max(0, deadline - System.nanoTime());
            JsonObject event;
            try {
                event = nextEvent(jobId, Duration.ofNanos(left));
            } catch (AssertionError e) {
                throw new AssertionError(name + ": got " + events.size() + " of " + count + " events of job "
                        + jobId + " (last seq " + (events.isEmpty() ? "none"
                        : events.get(events.size() - 1).get("seq")) + "): " + e.getMessage(), e);
            }
            events.add(event);
        }
        return events;
    }

    /** Fails if a matching message arrives within {@code window}; other messages stay queued. */
    void expectNo(String what, Predicate<JsonObject> matches, Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        List<JsonObject> passed = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                JsonObject message = poll(Duration.ofNanos(left));
                if (message == null) {
                    return;
                }
                if (message == CLOSED) {
                    inbox.add(CLOSED);
                    return;
                }
                if (matches.test(message)) {
                    fail(name + ": expected no " + what + ", got " + abbreviate(message.toString()));
                }
                passed.add(message);
            }
        } finally {
            putBack(passed);
        }
    }

    void expectNoEventOf(String jobId) {
        expectNo("event of job " + jobId, message -> isEventOf(jobId, message), QUIET);
    }

    /** The next ping, with the time it arrived. */
    Received nextPing(Duration timeout) {
        try {
            Received ping = pings.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            assertNoViolations();
            if (ping == null) {
                fail(name + ": no ping within " + timeout.toMillis() + " ms; " + summary());
            }
            return ping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * How the connection began: the type of its first message (left queued), or
     * {@code "closed <code>"} when it was closed first.
     */
    String firstOutcome(Duration timeout) {
        JsonObject first = poll(timeout);
        if (first == null) {
            return "nothing within " + timeout.toMillis() + " ms";
        }
        if (first == CLOSED) {
            inbox.add(CLOSED);
            return closeCode.isCompletedExceptionally() ? "failed" : "closed " + closeCode.join();
        }
        inbox.addFirst(first);
        return first.getString("type", "<no type>");
    }

    /**
     * Fails if the server sent a frame that fits no message of asyncapi.yaml since the last
     * check; each such frame is reported once.
     */
    void assertNoViolations() {
        List<String> found;
        synchronized (violations) {
            found = List.copyOf(violations);
            violations.clear();
        }
        if (!found.isEmpty()) {
            fail(name + ": the server sent " + found.size() + " frame(s) that fit no message of src/docs/asyncapi.yaml:\n  "
                    + String.join("\n  ", found));
        }
    }

    /** Every message received so far, pings included, in order. */
    List<JsonObject> received() {
        synchronized (everything) {
            return List.copyOf(everything);
        }
    }

    // ---------------------------------------------------------------- the end

    /** The close code the server sent, waiting at most {@code timeout}. */
    int awaitClose(Duration timeout) {
        try {
            return closeCode.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            fail(name + ": still open after " + timeout.toMillis() + " ms; " + summary());
        } catch (ExecutionException e) {
            fail(name + ": the connection ended without a close frame: " + e.getCause() + "; " + summary(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
        throw new AssertionError("unreachable");
    }

    int awaitClose() {
        return awaitClose(WAIT);
    }

    /** Milliseconds from when this client was created to when the connection ended. */
    long millisOpen() {
        return TimeUnit.NANOSECONDS.toMillis(closedAt - openedAt);
    }

    /** Fails if the connection ends within {@code period}. */
    void expectOpenFor(Duration period) {
        try {
            int code = closeCode.get(period.toNanos(), TimeUnit.NANOSECONDS);
            fail(name + ": closed with " + code + " '" + closeReason + "' after " + millisOpen()
                    + " ms, expected to stay open for " + period.toMillis() + " ms; " + summary());
        } catch (TimeoutException e) {
            // still open, as expected
        } catch (ExecutionException e) {
            fail(name + ": the connection failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
    }

    boolean isClosed() {
        return closeCode.isDone();
    }

    /** Waits at most {@code timeout} for the connection to end, however it ends; true if it did. */
    boolean awaitClosedWithin(Duration timeout) {
        try {
            closeCode.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // told by isClosed() and awaitClose()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return isClosed();
    }

    /** Closes normally if still open, and waits a little for the server's answer. */
    @Override
    public void close() {
        WebSocket webSocket = socket;
        if (webSocket == null) {
            return;
        }
        resumeReading();
        if (closeCode.isDone()) {
            return;
        }
        try {
            synchronized (sendLock) {
                webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "test done").get(2, TimeUnit.SECONDS);
            }
            closeCode.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            webSocket.abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            webSocket.abort();
        }
    }

    // ---------------------------------------------------------------- helpers

    static boolean isEventOf(String jobId, JsonObject message) {
        return message.getString("type", "").startsWith("job.") && jobId.equals(message.getString("jobId", null));
    }

    /** The next message, or null; fails first if a frame outside asyncapi.yaml came, the returned one included. */
    private JsonObject poll(Duration timeout) {
        assertNoViolations();
        try {
            JsonObject message = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            assertNoViolations();
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void putBack(List<JsonObject> passed) {
        for (int i = passed.size() - 1; i >= 0; i--) {
            inbox.addFirst(passed.get(i));
        }
    }

    private String endDescription() {
        if (!closeCode.isDone()) {
            return "is still open";
        }
        try {
            return "was closed with " + closeCode.getNow(null) + " '" + closeReason + "'";
        } catch (RuntimeException e) {
            return "failed: " + e.getCause();
        }
    }

    private String summary() {
        List<JsonObject> all = received();
        String last = all.stream().skip(Math.max(0, all.size() - 5))
                .map(message -> abbreviate(message.toString())).collect(Collectors.joining(", "));
        return all.size() + " received in all (last: " + last + "), connection " + endDescription();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...(" + text.length() + " chars)";
    }

    @Override
    public String toString() {
        return name;
    }
}
