package io.jobsgateway.browser;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A redis-server of the test's own on a free port, with an append-only file, so that the
 * gateway's history and seq survive a gateway restart, as they do in production. It runs the
 * redis-server on the PATH, or else the Linux x86-64 one the test dependency embedded-redis
 * carries (the cluster tests' {@code io.jobsgateway.it.RedisServer} does the same).
 */
final class Redis implements AutoCloseable {

    private static final String BUNDLED = "redis-server-6.2.6-v5-linux-amd64";

    private final int port;
    private final Process process;

    Redis(Path dir) throws IOException {
        this.port = GatewayProcess.freePort();
        Files.createDirectories(dir);
        String executable = executable(dir);
        this.process = new ProcessBuilder(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start on port " + port + "; its log: "
                        + Files.readString(dir.resolve("redis.log")));
            }
            GatewayProcess.sleep(50);
        }
    }

    String address() {
        return "redis://127.0.0.1:" + port;
    }

    private static String executable(Path dir) throws IOException {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        try (InputStream bundled = Redis.class.getResourceAsStream("/" + BUNDLED)) {
            if (bundled == null || !System.getProperty("os.arch").matches("amd64|x86_64")) {
                throw new IllegalStateException("The browser tests need redis-server and there is none on the PATH:"
                        + " install it, e.g. apt-get install redis-server.");
            }
            Path copy = dir.resolve("redis-server");
            Files.copy(bundled, copy);
            copy.toFile().setExecutable(true);
            return copy.toString();
        }
    }

    private boolean answersPing() {
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
        process.destroyForcibly();
        process.waitFor();
    }
}
