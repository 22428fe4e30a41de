package io.jobsgateway.delivery;

import io.jobsgateway.bus.StoredEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The threads that hand job events and broadcasts to connections: one lane (a thread) per core, and each
 * connection always on the same lane. Whoever publishes (an HTTP request, a bean's
 * {@code fire()}, the Redis subscriber) gives an event's receivers to the lanes and goes on, so
 * an event for a room of thousands is written by every core at once and its publisher does not
 * wait for the last write. A lane runs its tasks in order, so a connection gets a job's events
 * in the order they were handed over, which is {@code seq} order.
 *
 * <p>Plain single-thread pools on managed threads, not a managed executor: a managed executor
 * captures and sets up the thread context per task, which costs more than the writes.
 *
 * <p>A lane holds at most {@link #LANE_CAPACITY} tasks. A full lane makes its publisher wait for
 * room: nothing is dropped or reordered. It fills only when the lanes fall behind on CPU, since a
 * task only hands messages to outboxes, which never block; so the wait is the backpressure that
 * keeps a flood of publishes from growing the heap without bound.
 */
@ApplicationScoped
public class Lanes {

    @Resource
    ManagedThreadFactory threads;

    static final int LANE_CAPACITY = 65_536;

    private Executor[] lanes;

    public Lanes() {
        // for CDI; lanes start in start()
    }

    /** Lanes that run on the given executors (tests). */
    public Lanes(Executor... lanes) {
        this.lanes = lanes;
    }

    @PostConstruct
    void start() {
        lanes = new Executor[Runtime.getRuntime().availableProcessors()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = lane(threads, LANE_CAPACITY);
        }
    }

    /** One lane: a thread, and at most {@code capacity} tasks waiting; past it the caller waits for room. */
    static ThreadPoolExecutor lane(ThreadFactory threads, int capacity) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(capacity), threads,
                (task, lane) -> {
                    if (lane.isShutdown()) {
                        throw new RejectedExecutionException("the application is stopping");
                    }
                    try {
                        lane.getQueue().put(task);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new RejectedExecutionException("interrupted while the lane was full", e);
                    }
                });
    }

    @PreDestroy
    void stop() {
        for (Executor lane : lanes) {
            ((ExecutorService) lane).shutdownNow();
        }
    }

    /**
     * Delivers the event to each receiver on the receiver's lane: one task per lane, not per
     * receiver, and one {@link Outgoing} for all, so that its frame is encoded once.
     */
    public void deliver(StoredEvent event, List<Connection> receivers) {
        Outgoing message = new Outgoing(event.json());
        run(receivers, receiver -> receiver.deliver(event, message));
    }

    /** Sends the message to each receiver on the receiver's lane. */
    public void send(String json, List<Connection> receivers) {
        Outgoing message = new Outgoing(json);
        run(receivers, receiver -> receiver.send(message));
    }

    private void run(List<Connection> receivers, Consumer<Connection> action) {
        @SuppressWarnings("unchecked")
        List<Connection>[] byLane = new List[lanes.length];
        for (Connection receiver : receivers) {
            int lane = Math.floorMod(receiver.id().hashCode(), lanes.length);
            if (byLane[lane] == null) {
                byLane[lane] = new ArrayList<>();
            }
            byLane[lane].add(receiver);
        }
        for (int lane = 0; lane < lanes.length; lane++) {
            List<Connection> onLane = byLane[lane];
            if (onLane != null) {
                try {
                    lanes[lane].execute(() -> onLane.forEach(action));
                } catch (RejectedExecutionException e) {
                    return; // the application is stopping
                }
            }
        }
    }
}
