package io.jobsgateway.history;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.cluster.ClusterUnavailableException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Job events fired by the application in a cluster, going to Redis: one thread sends them in
 * the order they were fired. {@link #add} answers a future that completes when the event is
 * stored (or given up), so that a firer may wait a short while for it. While Redis is
 * unreachable they wait here, at most {@code capacity}; past it the oldest are dropped, counted
 * and logged, and when Redis is back the rest go out, in order. A dropped event's owner is kept:
 * it moves to the job's next waiting event, so the job's later events are not refused for
 * naming none. Whatever a send throws, the sender goes on with the next event.
 */
final class EventOutbox {

    private static final Logger LOG = Logger.getLogger(EventOutbox.class.getName());
    private static final long FIRST_RETRY_MILLIS = 50;
    private static final long LAST_RETRY_MILLIS = 2000;
    /** How long stopping waits for what is still waiting to go out. */
    static final long DRAIN_MILLIS = 5000;

    private final int capacity;
    private final Consumer<JobEvent> send;
    private final Thread sender;

    private static final class Entry {
        JobEvent event; // guarded by the outbox: an owner may move onto it
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Entry(JobEvent event) {
            this.event = event;
        }
    }

    // guarded by this
    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
    private long dropped;
    private boolean running = true;
    private boolean stopping;
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
        Entry entry = new Entry(event);
        synchronized (this) {
            if (waiting.size() >= capacity) {
                Entry oldest = waiting.removeFirst();
                keepOwner(oldest.event);
                oldest.done.complete(null);
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
        return entry.done;
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

    /**
     * Lets what waits go out for up to {@link #DRAIN_MILLIS}, then stops the sender; answers how
     * many events were still waiting, and so are lost, which it also logs.
     */
    int stop() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        int lost;
        synchronized (this) {
            stopping = true;
            notifyAll();
            long left;
            while (!waiting.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            running = false;
            lost = waiting.size();
            waiting.forEach(entry -> entry.done.complete(null));
            waiting.clear();
            notifyAll();
        }
        sender.interrupt();
        if (lost > 0) {
            LOG.warning(() -> "Stopping with " + lost + " job events that never reached Redis: they are lost.");
        }
        return lost;
    }

    /** The owner a dropped event fixed goes to the next waiting event of its job that names none. */
    private void keepOwner(JobEvent dropped) {
        if (dropped.clientId() == null) {
            return;
        }
        for (Entry later : waiting) {
            if (later.event.jobId().equals(dropped.jobId())) {
                if (later.event.clientId() == null) {
                    JobEvent owned = later.event.ownedBy(dropped.clientId());
                    later.event = owned.userId() == null && dropped.userId() != null ? owned.forUser(dropped.userId()) : owned;
                }
                return;
            }
        }
    }

    private void sendAll() {
        long retryMillis = FIRST_RETRY_MILLIS;
        while (true) {
            Entry next;
            JobEvent event;
            synchronized (this) {
                while (running && waiting.isEmpty() && !stopping) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!running || waiting.isEmpty()) {
                    return; // stopped, or stopping with nothing left
                }
                next = waiting.peekFirst();
                event = next.event;
            }
            try {
                send.accept(event);
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
            } catch (RuntimeException e) {
                // Not Redis being away: this one event cannot go, the others still may.
                LOG.log(Level.WARNING, "Dropped job event " + event.type().wireName() + " of job " + event.jobId()
                        + ": sending it failed", e);
            }
            synchronized (this) {
                if (waiting.peekFirst() == next) { // unless dropped while it was being sent
                    waiting.removeFirst();
                }
                notifyAll(); // a stop() may be waiting for the queue to empty
            }
            next.done.complete(null);
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
