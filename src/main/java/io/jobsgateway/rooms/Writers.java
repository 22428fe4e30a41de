package io.jobsgateway.rooms;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that write frames to connections, one per core. Whoever publishes (an HTTP
 * request, a bean's {@code fire()}, the Redis subscriber) only queues the frame in each
 * receiver's {@link Outbox} and goes on; these threads write them, so an event for a room of
 * thousands is written by every core at once, and its publisher does not wait for the last write.
 * Each outbox has at most one task here at a time, so the queue holds at most one per connection.
 *
 * <p>A plain pool on managed threads, not a managed executor: a managed executor captures and
 * sets up the thread context per task, which would cost more than the write.
 */
@ApplicationScoped
public class Writers implements Executor {

    @Resource
    ManagedThreadFactory threads;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        int cores = Runtime.getRuntime().availableProcessors();
        pool = new ThreadPoolExecutor(cores, cores, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
