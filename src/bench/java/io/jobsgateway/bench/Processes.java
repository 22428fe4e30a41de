package io.jobsgateway.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process the benchmark started (gateway nodes, Redis), so that they are stopped however
 * the benchmark ends: normally, by an exception, or by SIGTERM/Ctrl+C (a shutdown hook). Only
 * these processes, by their own handles: never anything found by name.
 */
final class Processes {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Set<AutoCloseable> CLOSE_AT_EXIT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Processes::stopAll, "bench-stop-processes"));
    }

    private Processes() {
    }

    static void started(Process process) {
        RUNNING.add(process);
    }

    /** Something else to close at exit (the WebSocket clients), before the processes are stopped. */
    static void closeAtExit(AutoCloseable closeable) {
        CLOSE_AT_EXIT.add(closeable);
    }

    static void closed(AutoCloseable closeable) {
        CLOSE_AT_EXIT.remove(closeable);
    }

    /** SIGTERM, then SIGKILL after {@code graceSeconds}. */
    static void stop(Process process, int graceSeconds) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(process);
        }
    }

    static void stopAll() {
        for (AutoCloseable closeable : Set.copyOf(CLOSE_AT_EXIT)) {
            try {
                closeable.close();
            } catch (Exception e) {
                // at exit: the process is going away regardless
            }
        }
        for (Process process : Set.copyOf(RUNNING)) {
            process.destroy();
        }
        for (Process process : Set.copyOf(RUNNING)) {
            stop(process, 15);
        }
    }
}
