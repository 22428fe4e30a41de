package io.jobsgateway.browser;

import io.jobsgateway.it.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway started as a user starts it, {@code java -jar payara-micro.jar --deploy WAR
 * --contextroot / --port P --nocluster}, with its settings as {@code JOBS_*} environment
 * variables; it can be stopped and started again on the same port. Each start logs to
 * {@code gateway-<n>.log} beside the WAR.
 */
final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path war;
    private final Map<String, String> environment;
    private final int port;
    private Process process;
    private Path log;
    private int starts;

    GatewayProcess(Path war, Map<String, String> environment) throws IOException {
        this.war = war;
        this.environment = Map.copyOf(environment);
        this.port = RedisServer.freePort();
    }

    /** The application's root, http://127.0.0.1:P/. */
    URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Starts the server and waits until {@code /health/ready} answers 200. */
    void start(Duration timeout) throws IOException {
        starts++;
        log = war.resolveSibling("gateway-" + starts + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", required("payara.microJar"), "--deploy", war.toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        int status;
        while ((status = readiness()) != 200) {
            if (!process.isAlive()) {
                throw new AssertionError("The gateway exited while starting; its log " + log + " ends with:\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The gateway is not ready after " + timeout + ": /health/ready answers "
                        + (status == -1 ? "nothing within 5 s" : status) + "; its threads are in " + threadDump()
                        + ", its log " + log + " ends with:\n" + logTail());
            }
            RedisServer.sleep(100);
        }
    }

    /** The server's threads (jcmd Thread.print), written beside its log; for a server that hangs. */
    private Path threadDump() {
        Path dump = log.resolveSibling(log.getFileName() + ".threads.txt");
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            jcmd.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return dump;
    }

    /** Stops the server as a service manager does (SIGTERM), or kills it if it takes too long. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    String logTail() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private int readiness() {
        try {
            return HTTP.send(HttpRequest.newBuilder(base().resolve("health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run the browser tests"
                    + " through Maven (mvn verify), whose Failsafe sets it");
        }
        return value;
    }
}
