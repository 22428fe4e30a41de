package io.jobsgateway.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A redis-server of the test's own, on a free port: a user's machine has none on 6379, and the
 * fault tests kill and restart it. It writes an append-only file, as a production Redis does,
 * so that a {@code kill -9} and restart keeps every job's seq and history. It runs the
 * redis-server on the PATH, or else the Linux x86-64 binary that the test dependency
 * {@code com.github.codemonstur:embedded-redis} carries; with neither it fails, saying how to
 * install one. It never lets a test skip.
 */
public final class RedisServer implements AutoCloseable {

    private static final String BUNDLED = "redis-server-6.2.6-v5-linux-amd64";

    private final int port;
    private final Path dir;
    private final String executable;
    private Process process;

    public RedisServer() throws IOException {
        this.port = freePort();
        this.dir = Files.createTempDirectory("jobs-gateway-redis");
        this.executable = executable(dir);
        start();
    }

    /** redis-server from the PATH, or the bundled one copied out of the test class path. */
    private static String executable(Path dir) throws IOException {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        boolean linuxX64 = System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        try (InputStream bundled = RedisServer.class.getResourceAsStream("/" + BUNDLED)) {
            if (!linuxX64 || bundled == null) {
                throw new IllegalStateException("The cluster tests need redis-server and there is none on the PATH"
                        + " (nor a bundled one for " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch") + "): install it, e.g. apt-get install redis-server.");
            }
            Path copy = dir.resolve("redis-server");
            Files.copy(bundled, copy);
            copy.toFile().setExecutable(true);
            System.out.println("RedisServer: no redis-server on the PATH; using the bundled " + BUNDLED);
            return copy.toString();
        }
    }

    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    void start() throws IOException {
        try {
            process = new ProcessBuilder(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + executable + ", which the cluster tests need: install"
                    + " redis-server (Debian: apt-get install redis-server; .ci/run does) so that it is on the PATH.", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start on port " + port + "; its log: "
                        + Files.readString(dir.resolve("redis.log")));
            }
            sleep(50);
        }
    }

    /** Kills it as a crash would: no shutdown, no last write. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean answersPing() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            return in.readNBytes(reply, 0, 7) == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            kill();
        }
        File[] files = dir.toFile().listFiles();
        if (files != null) {
            for (File file : files) {
                deleteTree(file);
            }
        }
        dir.toFile().delete();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteTree(child);
            }
        }
        file.delete();
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
