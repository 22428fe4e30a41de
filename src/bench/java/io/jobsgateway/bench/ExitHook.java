package io.jobsgateway.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket clients still open, closed however the benchmark ends: normally, by an
 * exception, or by SIGTERM/Ctrl+C (a shutdown hook). The servers need nothing here: the
 * fixtures' launchers stop theirs at exit themselves, by their own handles, never by name.
 */
final class ExitHook {

    private static final Set<AutoCloseable> CLOSE_AT_EXIT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitHook::closeAll, "bench-close-clients"));
    }

    private ExitHook() {
    }

    static void closeAtExit(AutoCloseable closeable) {
        CLOSE_AT_EXIT.add(closeable);
    }

    static void closed(AutoCloseable closeable) {
        CLOSE_AT_EXIT.remove(closeable);
    }

    private static void closeAll() {
        for (AutoCloseable closeable : Set.copyOf(CLOSE_AT_EXIT)) {
            try {
                closeable.close();
            } catch (Exception e) {
                // at exit: the process is going away regardless
            }
        }
    }
}
