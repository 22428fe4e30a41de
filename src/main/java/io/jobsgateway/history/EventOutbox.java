package io.jobsgateway.history;

import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.api.JobEvent;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Job events fired by the application in a cluster, going to Redis: one thread sends them in
 * the order they were fired. {@link #add} answers a future that completes when the event is
 * stored (or given up), so that a firer may wait a short while for it. While Redis is
 * unreachable they wait here, at most {@code capacity}; past it the oldest are dropped, counted
 * and logged, and when Redis is back the rest go out, in order.
 */
final class EventOutbox {

    private static final Logger LOG = Logger.getLogger(EventOutbox.class.getName());
    private static final long FIRST_RETRY_MILLIS = 50;
    private static final long LAST_RETRY_MILLIS = 2000;

    private final int capacity;
    private final Consumer<JobEvent> send;
    private final Thread sender;

    private record Entry(JobEvent event, CompletableFuture<Void> done) {
    }

    // guarded by this
    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
    private long dropped;
    private boolean running = true;
    private volatile boolean failing;

    /** @param send sends one event; throws {@link ClusterUnavailableException} to have it retried */
    EventOutbox(int capacity, Consumer<JobEvent> send, ThreadFactory threads) {
        this.capacity = capacity;
        this.send = send;
        this.sender = threads.newThread(this::sendAll);
        sender.setName("jobs-gateway-outbox");
        sender.start();
    }

    /** Queues the event; the future completes once it is stored, refused, or dropped. */
    CompletableFuture<Void> add(JobEvent event) {
        long droppedNow = 0;
        Entry entry = new Entry(event, new CompletableFuture<>());
        synchronized (this) {
            if (waiting.size() >= capacity) {
                waiting.removeFirst().done().complete(null);
                droppedNow = ++dropped;
            }
            waiting.addLast(entry);
            notifyAll();
        }
        if (isPowerOfTen(droppedNow)) {
            long total = droppedNow;
            LOG.warning(() -> "Redis is unreachable and " + capacity + " job events already wait to go out"
                    + " (jobs.redis.outbox-size): dropped the oldest; " + total + " dropped so far.");
        }
        return entry.done();
    }

    /** Whether Redis failed the last send: then nobody should wait for theirs. */
    boolean failing() {
        return failing;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    synchronized long dropped() {
        return dropped;
    }

    void stop() {
        synchronized (this) {
            running = false;
            notifyAll();
        }
        sender.interrupt();
    }

    private void sendAll() {
        long retryMillis = FIRST_RETRY_MILLIS;
        while (true) {
            Entry next;
            synchronized (this) {
                while (running && waiting.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!running) {
                    return;
                }
                next = waiting.peekFirst();
            }
            try {
                send.accept(next.event());
                if (failing) {
                    failing = false;
                    retryMillis = FIRST_RETRY_MILLIS;
                    LOG.info(() -> "Redis is reachable again; job events that waited are going out ("
                            + waiting() + " still waiting, " + dropped() + " dropped in all).");
                }
            } catch (ClusterUnavailableException e) {
                if (!failing) {
                    failing = true;
                    LOG.warning(() -> "Redis is unreachable (" + e.getMessage() + "): job events wait here, at most"
                            + " jobs.redis.outbox-size = " + capacity + ", and go out in order when it is back.");
                }
                if (!pause(retryMillis)) {
                    return;
                }
                retryMillis = Math.min(LAST_RETRY_MILLIS, retryMillis * 2);
                continue; // the same event again: nothing goes out of order
            }
            synchronized (this) {
                if (waiting.peekFirst() == next) { // unless dropped while it was being sent
                    waiting.removeFirst();
                }
            }
            next.done().complete(null);
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static boolean isPowerOfTen(long n) {
        if (n <= 0) {
            return false;
        }
        while (n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
