package io.jobsgateway.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One gateway node, started as contract section 1 says: {@code java [options] -jar
 * target/payara-micro.jar --deploy target/jobs-gateway.war --contextroot / --port P --nocluster},
 * with its settings as {@code JOBS_*} environment variables. The JVM options come from the
 * bench options file ({@code server-config/jvm.options} unless {@code -Dbench.serverJvm} names
 * another). Its log goes to {@code <workDir>/<name>.log}.
 */
final class GatewayProcess implements AutoCloseable {

    final String name;
    final int port;
    private final Process process;
    private final Path log;

    GatewayProcess(String name, Path projectDir, Path workDir, List<String> jvmOptions, Map<String, String> environment)
            throws IOException {
        this.name = name;
        this.port = freePort();
        this.log = workDir.resolve(name + ".log");
        Path microJar = Build.microJar();
        Path war = Build.war();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", microJar.toString(), "--deploy", war.toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(projectDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("JOBS_")); // only the settings given here
        builder.environment().putAll(environment);
        this.process = builder.start();
        Processes.started(process);
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Waits until {@code GET /health/ready} answers 200, or fails with the end of the node's log. */
    void awaitReady(long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (readiness() != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log " + log
                        + " ends:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after " + timeoutSeconds + " s; its log " + log
                        + " ends:\n" + tail());
            }
            Bench.sleep(250);
        }
    }

    int readiness() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health/ready")
                    .toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(5000);
            int status = connection.getResponseCode();
            java.io.InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            if (body != null) {
                body.readAllBytes();
            }
            connection.disconnect();
            return status;
        } catch (IOException e) {
            return -1;
        }
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

    /** Starts a JFR recording with the profile settings ({@code jcmd JFR.start}). */
    void startRecording() {
        Proc.run(List.of(jcmd(), Long.toString(pid()), "JFR.start", "name=bench", "settings=profile"));
    }

    /** Stops the recording and writes it to {@code file}. */
    void stopRecording(Path file) {
        Proc.run(List.of(jcmd(), Long.toString(pid()), "JFR.stop", "name=bench", "filename=" + file));
    }

    static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    private String tail() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        Processes.stop(process, 20);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
