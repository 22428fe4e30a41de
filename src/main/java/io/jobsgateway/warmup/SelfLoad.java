package io.jobsgateway.warmup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One round of the warm-up's workload, as a reconnect storm meets a node: {@code connections}
 * WebSocket handshakes with a key in the query, each connection resuming one of
 * {@value #JOBS} jobs ({@code since}) and a quarter of them also the client's room; then events
 * published to those jobs over HTTP, one per request and in batches, every one delivered to its
 * job's connections and to the client room's; then the connections close. A round ends when
 * every delivery arrived, or after {@link #WAIT}.
 */
final class SelfLoad {

    static final int JOBS = 20;
    private static final int SINGLE_PUBLISHES = 100;
    private static final int BATCHES = 10;
    private static final int BATCH_SIZE = 20;
    private static final int IN_FLIGHT = 32;
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** What one round did. */
    record Round(int handshakes, int events, long deliveries, long expected, int failures) {
        boolean complete() {
            return failures == 0 && deliveries >= expected;
        }
    }

    private final HttpClient http;
    private final URI base;
    private final int connectionsPerKey;

    /** @param base the gateway's own root, {@code http://host:port/context} */
    SelfLoad(HttpClient http, URI base, int maxConnectionsPerKey) {
        this.http = http;
        this.base = base;
        this.connectionsPerKey = maxConnectionsPerKey;
    }

    /** Keys a round of {@code connections} needs under a per-key limit of {@code perKey}. */
    static int keysFor(int connections, int perKey) {
        return (connections + perKey - 1) / perKey;
    }

    /**
     * @param keys keys enough that {@code connections} stay within the per-key limit ({@link #keysFor}), new
     *             ones each round: the node may not have seen the last round's connections close yet
     */
    Round run(int round, int connections, List<String> keys) throws InterruptedException {
        String tag = "\"round\":" + round + ",";
        AtomicLong received = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        List<WebSocket> open = connect(connections, keys, tag, received, failures);
        long expected = 0;
        int events = 0;
        try {
            expected = expectedDeliveries(open.size());
            events = publish(round, keys, failures);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (received.get() < expected && System.nanoTime() < deadline && failures.get() == 0) {
                Thread.sleep(20);
            }
        } finally {
            open.forEach(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((s, e) -> socket.abort()));
        }
        return new Round(open.size(), events, received.get(), expected, failures.get());
    }

    /**
     * Ends the warm-up's jobs with a {@code job.completed} each, so that no watchdog takes them
     * for jobs gone silent; true when all were stored.
     */
    boolean complete(String key) {
        StringBuilder body = new StringBuilder("[");
        for (int job = 0; job < JOBS; job++) {
            body.append(job == 0 ? "" : ",").append("{\"jobId\":\"").append(job(job)).append("\",\"type\":\"job.completed\"}");
        }
        AtomicInteger failures = new AtomicInteger();
        post("/api/events", body.append(']').toString(), key, new Semaphore(1), failures).join();
        return failures.get() == 0;
    }

    /** Connection {@code i} takes job {@code i % JOBS}, and the client's room when {@code i % 4 == 0}. */
    private static long expectedDeliveries(int connections) {
        long perJobRound = 0;
        for (int job = 0; job < JOBS; job++) {
            int receivers = 0;
            for (int i = 0; i < connections; i++) {
                if (i % JOBS == job || i % 4 == 0) {
                    receivers++;
                }
            }
            perJobRound += receivers;
        }
        int eventsPerJob = (SINGLE_PUBLISHES + BATCHES * BATCH_SIZE) / JOBS;
        return perJobRound * eventsPerJob;
    }

    private List<WebSocket> connect(int connections, List<String> keys, String tag, AtomicLong received, AtomicInteger failures)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        CountDownLatch subscribed = new CountDownLatch(connections);
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            inFlight.acquire();
            String key = keys.get(i / connectionsPerKey);
            URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/jobs?apiKey=" + key);
            int index = i;
            Counter listener = new Counter(tag, received, subscribed, index % 4 == 0 ? 2 : 1);
            opening.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, listener)
                    .whenComplete((socket, error) -> {
                        inFlight.release();
                        if (error != null) {
                            failures.incrementAndGet();
                            subscribed.countDown();
                            return;
                        }
                        // one send at a time: the JDK's WebSocket refuses a send while another is pending
                        CompletableFuture<WebSocket> sent = socket.sendText("{\"type\":\"subscribe\",\"jobId\":\""
                                + job(index % JOBS) + "\",\"since\":0}", true);
                        if (index % 4 == 0) {
                            sent = sent.thenCompose(ws -> ws.sendText("{\"type\":\"subscribe\"}", true));
                        }
                        sent.exceptionally(failure -> {
                            failures.incrementAndGet();
                            return null;
                        });
                    }).toCompletableFuture());
        }
        if (!subscribed.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            failures.incrementAndGet();
        }
        List<WebSocket> open = new ArrayList<>(connections);
        for (CompletableFuture<WebSocket> socket : opening) {
            if (socket.isDone() && !socket.isCompletedExceptionally()) {
                open.add(socket.join());
            }
        }
        return open;
    }

    private int publish(int round, List<String> keys, AtomicInteger failures) {
        List<CompletableFuture<?>> requests = new ArrayList<>();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        int events = 0;
        for (int n = 0; n < SINGLE_PUBLISHES; n++) {
            String body = "{\"type\":\"job.progress\",\"data\":" + data(round, n) + "}";
            requests.add(post("/api/jobs/" + job(n % JOBS) + "/events", body, keys.get(n % keys.size()), inFlight, failures));
            events++;
        }
        for (int b = 0; b < BATCHES; b++) {
            StringBuilder body = new StringBuilder("[");
            for (int e = 0; e < BATCH_SIZE; e++) {
                int n = SINGLE_PUBLISHES + b * BATCH_SIZE + e;
                body.append(e == 0 ? "" : ",").append("{\"jobId\":\"").append(job(n % JOBS))
                        .append("\",\"type\":\"job.progress\",\"data\":").append(data(round, n)).append('}');
                events++;
            }
            requests.add(post("/api/events", body.append(']').toString(), keys.get(b % keys.size()), inFlight, failures));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
        return events;
    }

    private CompletableFuture<?> post(String path, String body, String key, Semaphore inFlight, AtomicInteger failures) {
        inFlight.acquireUninterruptibly();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            inFlight.release();
            if (error != null || response.statusCode() != 202) {
                failures.incrementAndGet();
            }
        });
    }

    private static String data(int round, int n) {
        return "{\"round\":" + round + ",\"progress\":" + (n % 101) + ",\"message\":\"warm-up\"}";
    }

    static String job(int index) {
        return "warmup-" + index;
    }

    /** Counts a round's live events; the connection's latch falls once its subscriptions are answered. */
    private static final class Counter implements WebSocket.Listener {
        private final String tag;
        private final AtomicLong received;
        private final CountDownLatch subscribed;
        private final StringBuilder partial = new StringBuilder();
        private int repliesAwaited; // frames come one at a time (request(1)) on the client's threads

        Counter(String tag, AtomicLong received, CountDownLatch subscribed, int subscriptions) {
            this.tag = tag;
            this.received = received;
            this.subscribed = subscribed;
            this.repliesAwaited = subscriptions;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.contains("\"type\":\"subscribed\"")) {
                    replied();
                } else if (frame.contains(tag)) {
                    received.incrementAndGet();
                }
            }
            socket.request(1);
            return null;
        }

        private void replied() {
            if (--repliesAwaited == 0) {
                subscribed.countDown();
            }
        }
    }
}
