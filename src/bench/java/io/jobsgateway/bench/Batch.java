package io.jobsgateway.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A set of connections opened together, at most {@code inFlight} handshakes at a time: how many
 * came up, how long each took (from the TCP connect to {@code connected}, and to
 * {@code subscribed}), which failed and why, and which were closed later by the server.
 */
final class Batch implements Subscriber.Lifecycle {

    private final Semaphore inFlight;
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final Map<String, Integer> failures = new TreeMap<>();
    private final Map<String, Integer> drops = new TreeMap<>();
    final Histogram handshake = new Histogram();
    final Histogram subscribe = new Histogram();
    volatile long firstStartNanos;
    volatile long lastReadyNanos;

    Batch(int inFlight) {
        this.inFlight = new Semaphore(inFlight);
    }

    /** Opens every subscriber, keeping at most {@code inFlight} handshakes going, and waits until each is up or failed. */
    void open(Clients clients, java.util.List<Subscriber> subscribers, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        firstStartNanos = System.nanoTime();
        for (Subscriber subscriber : subscribers) {
            try {
                if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException("connections did not come up within " + timeoutSeconds + " s: "
                            + ready.get() + " up, " + failed.get() + " failed " + failures());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            clients.connect(subscriber);
        }
        while (ready.get() + failed.get() < subscribers.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("connections did not come up within " + timeoutSeconds + " s: "
                        + ready.get() + " of " + subscribers.size() + " up, " + failed.get() + " failed " + failures());
            }
            Bench.sleep(10);
        }
    }

    @Override
    public void connected(Subscriber subscriber) {
        synchronized (handshake) {
            handshake.record((subscriber.connectedNanos - subscriber.startNanos) / 1000);
        }
        if (subscriber.jobId == null) {
            becameReady(subscriber.connectedNanos);
        }
    }

    @Override
    public void subscribed(Subscriber subscriber) {
        synchronized (subscribe) {
            subscribe.record((subscriber.subscribedNanos - subscriber.startNanos) / 1000);
        }
        becameReady(subscriber.subscribedNanos);
    }

    private void becameReady(long nanos) {
        lastReadyNanos = Math.max(lastReadyNanos, nanos);
        ready.incrementAndGet();
        inFlight.release();
    }

    @Override
    public void ended(Subscriber subscriber) {
        String why = subscriber.failure != null ? subscriber.failure
                : subscriber.closeCode > 0 ? "closed with " + subscriber.closeCode : "closed";
        boolean wasReady = subscriber.subscribedNanos != 0 || (subscriber.jobId == null && subscriber.connectedNanos != 0);
        if (!wasReady) {
            synchronized (failures) {
                failures.merge(shorten(why), 1, Integer::sum);
            }
            failed.incrementAndGet();
            inFlight.release();
        } else if (!subscriber.closing) {
            synchronized (drops) {
                drops.merge(shorten(why), 1, Integer::sum);
            }
            dropped.incrementAndGet();
        }
    }

    private static String shorten(String why) {
        return why.length() > 120 ? why.substring(0, 120) + "…" : why;
    }

    int ready() {
        return ready.get();
    }

    int failed() {
        return failed.get();
    }

    /** Connections that were up and that the server closed (or lost) before the benchmark closed them. */
    int dropped() {
        return dropped.get();
    }

    Map<String, Integer> failures() {
        synchronized (failures) {
            return new TreeMap<>(failures);
        }
    }

    Map<String, Integer> drops() {
        synchronized (drops) {
            return new TreeMap<>(drops);
        }
    }

    double seconds() {
        return (lastReadyNanos - firstStartNanos) / 1e9;
    }
}
