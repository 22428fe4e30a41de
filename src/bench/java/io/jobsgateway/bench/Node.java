package io.jobsgateway.bench;

import io.jobsgateway.fixtures.GatewayServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A gateway node of the benchmark, as the fixtures' {@link GatewayServer} starts it (the way a
 * user does), and what the benchmark measures of it: CPU and memory from {@code /proc}, the live
 * heap and JFR recordings through {@code jcmd}.
 */
final class Node implements AutoCloseable {

    final String name;
    final int port;
    private final GatewayServer server;

    Node(String name, GatewayServer server) {
        this.name = name;
        this.port = server.port();
        this.server = server;
    }

    long pid() {
        return server.pid();
    }

    /** Waits until {@code GET /health/ready} answers 200, or fails with the end of the node's log. */
    void awaitReady(long timeoutSeconds) {
        server.awaitReadiness(200, Duration.ofSeconds(timeoutSeconds));
    }

    long cpuTicks() {
        return Proc.cpuTicks(pid());
    }

    long rssBytes() {
        return Proc.rssBytes(pid());
    }

    /** A full GC ({@code jcmd <pid> GC.run}), then the heap in use after it, in bytes (-1 if unknown). */
    long gcAndHeapUsed() {
        for (int i = 0; i < 2; i++) { // twice: what the first one's finalizers and cleaners release goes too
            Proc.run(List.of(jcmd(), Long.toString(pid()), "GC.run"));
            Bench.sleep(1000);
        }
        return heapUsed();
    }

    /** The "used" figure of {@code jcmd <pid> GC.heap_info}, for G1, Parallel and Serial heaps alike. */
    long heapUsed() {
        String info = Proc.run(List.of(jcmd(), Long.toString(pid()), "GC.heap_info"));
        for (String line : info.split("\n")) {
            int at = line.indexOf(" used ");
            if (at >= 0 && (line.contains("heap") || line.contains("total"))) {
                String number = line.substring(at + 6).trim().split("[^0-9]")[0];
                try {
                    return Long.parseLong(number) * 1024;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /**
     * {@code jcmd <pid> GC.class_histogram}: a full GC, then the objects still reachable, by
     * class (what {@link LiveHeap} reads); "" if jcmd failed.
     */
    String classHistogram() {
        return Proc.run(List.of(jcmd(), Long.toString(pid()), "GC.class_histogram"));
    }

    /** Starts a JFR recording with the profile settings ({@code jcmd JFR.start}). */
    void startRecording() {
        Proc.run(List.of(jcmd(), Long.toString(pid()), "JFR.start", "name=bench", "settings=profile"));
    }

    /** Stops the recording and writes it to {@code file}. */
    void stopRecording(Path file) {
        Proc.run(List.of(jcmd(), Long.toString(pid()), "JFR.stop", "name=bench", "filename=" + file));
    }

    private static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    /** SIGTERM, so that a recording the JVM options started is written; killed if it takes too long. */
    @Override
    public void close() {
        server.close();
    }
}
