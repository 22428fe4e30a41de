package io.jobsgateway.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One gateway node started the way a user starts it (contract section 1), with its settings
 * as {@code JOBS_*} environment variables: {@code java -jar target/payara-micro.jar --deploy
 * target/jobs-gateway.war --contextroot / --port P --nocluster}. Its log goes to
 * {@code target/cluster-<name>.log}.
 */
final class GatewayNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    GatewayNode(String name, Map<String, String> environment) throws IOException {
        this.name = name;
        this.port = RedisServer.freePort();
        String microJar = required("payara.microJar");
        String war = required("jobs.war");
        this.log = Path.of(new File(war).getParent(), "cluster-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", microJar, "--deploy", war, "--contextroot", "/", "--port", Integer.toString(port),
                "--nocluster")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        this.process = builder.start();
    }

    URL url() {
        try {
            return URI.create("http://127.0.0.1:" + port + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The status {@code GET /health/ready} answers, or -1 when nothing answers. */
    int readiness() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until readiness answers {@code status}, or fails with the node's log. */
    void awaitReadiness(int status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last;
        while ((last = readiness()) != status) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited; its log is " + log + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": /health/ready still answers " + last + " after " + timeout
                        + ", expected " + status + "; its log is " + log + ":\n" + tail() + "\nits threads:\n"
                        + threadDump());
            }
            RedisServer.sleep(100);
        }
    }

    /** Kills the node as a crash would ({@code kill -9}): its connections are never closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** What every thread of the node is doing, for a node that does not come up in time. */
    private String threadDump() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes());
            Path file = Path.of(log.toString().replace(".log", "-threads.txt"));
            Files.writeString(file, dump);
            return "(written to " + file + ")\n" + dump.substring(0, Math.min(dump.length(), 6000));
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private String tail() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run the cluster tests"
                    + " through Maven (mvn verify), which sets it");
        }
        return value;
    }
}
