package io.jobsgateway.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A redis-server of the benchmark's own, on a free port, as the cluster tests start theirs: the
 * one on the PATH, or else the Linux x86-64 binary inside {@code com.github.codemonstur:embedded-redis}
 * (the test dependency), read from its jar in the local Maven repository. Unlike the tests' Redis
 * it keeps nothing on disk: a benchmark measures the gateway, not fsync.
 */
final class RedisProcess implements AutoCloseable {

    private static final String BUNDLED = "redis-server-6.2.6-v5-linux-amd64";

    private final int port;
    private final Process process;
    private final Path dir;
    private final String executable;

    RedisProcess(Path workDir, String embeddedRedisJar) throws IOException {
        this.dir = Files.createDirectories(workDir.resolve("redis"));
        this.port = GatewayProcess.freePort();
        this.executable = executable(dir, embeddedRedisJar);
        this.process = new ProcessBuilder(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        Processes.started(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("redis-server did not start on port " + port + "; its log: "
                        + Files.readString(dir.resolve("redis.log")));
            }
            Bench.sleep(50);
        }
    }

    String address() {
        return "redis://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    String executableDescription() {
        return executable;
    }

    private static String executable(Path dir, String embeddedRedisJar) throws IOException {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        boolean linuxX64 = System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        if (!linuxX64 || embeddedRedisJar == null || !Files.isRegularFile(Path.of(embeddedRedisJar))) {
            throw new IllegalStateException("The cluster scenario needs redis-server and there is none on the PATH"
                    + " (nor the bundled one of embedded-redis at " + embeddedRedisJar + "): install it, e.g."
                    + " apt-get install redis-server, or run `mvn -B verify` once to download the test dependencies.");
        }
        try (ZipFile jar = new ZipFile(embeddedRedisJar)) {
            ZipEntry entry = jar.getEntry(BUNDLED);
            if (entry == null) {
                throw new IllegalStateException(embeddedRedisJar + " holds no " + BUNDLED);
            }
            Path copy = dir.resolve("redis-server");
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            copy.toFile().setExecutable(true);
            System.out.println("bench: no redis-server on the PATH; using the bundled " + BUNDLED);
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
    public void close() {
        Processes.stop(process, 5);
    }
}
