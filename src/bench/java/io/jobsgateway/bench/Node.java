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

    /** The live heap after a full GC, in bytes (-1 if unknown). */
    long gcAndHeapUsed() {
        // The histogram runs a full GC and counts live objects only: steadier than GC.run and then
        // heap_info, whose "used" took in what the server allocated in the second between them.
        return LiveHeap.parse(classHistogram()).totalBytes;
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
