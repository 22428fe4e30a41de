package io.jobsgateway.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes job events over HTTP ({@code POST /api/jobs/{jobId}/events}) on a fixed timetable:
 * event i is due at {@code start + i / rate}, whatever happened to the events before it, so a
 * server that stalls makes later events late rather than fewer (no coordinated omission). A few
 * threads, each with its own keep-alive connection, take the next due event in turn; the
 * event's {@code data} carries its due time ({@code bt}, nanoseconds after {@code origin}) and
 * its phase ({@code bp}), from which every receiver computes its latency. Which type each event
 * has is the publisher's {@link Mix}: all {@code job.progress} unless a scenario gives another.
 */
final class Publisher implements AutoCloseable {

    /** The type of event i of a phase of {@code total} events. */
    interface Mix {
        Mix PROGRESS = (i, total) -> PROGRESS_TYPE;

        String type(long i, long total);
    }

    static final String PROGRESS_TYPE = "job.progress";

    /** What one phase of publishing did. */
    static final class Outcome {
        final String[] jobs;
        final AtomicLongArray acceptedPerJob;
        final LongAdder accepted = new LongAdder();
        final Map<String, LongAdder> acceptedByType = new ConcurrentHashMap<>();
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        final Histogram answerLatency = new Histogram();
        final Histogram sendLag = new Histogram();
        long firstDueNanos;
        long lastDueNanos;
        long endNanos;
        long scheduled;

        Outcome(String[] jobs) {
            this.jobs = jobs;
            this.acceptedPerJob = new AtomicLongArray(jobs.length);
        }

        long failed() {
            return failures.values().stream().mapToLong(LongAdder::sum).sum();
        }

        /** Accepted events of every type but job.progress. */
        long acceptedLifecycle() {
            LongAdder progress = acceptedByType.get(PROGRESS_TYPE);
            return accepted.sum() - (progress == null ? 0 : progress.sum());
        }

        synchronized void answered(long lagMicros, long latencyMicros) {
            sendLag.record(lagMicros);
            answerLatency.record(latencyMicros);
        }
    }

    private final int port;
    private final String key;
    private final long origin;
    private final Connection[] connections;
    private final Mix mix;

    Publisher(int port, String key, int threads, long origin, Mix mix) {
        this.port = port;
        this.key = key;
        this.origin = origin;
        this.mix = mix;
        this.connections = new Connection[Math.max(1, threads)];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new Connection();
        }
    }

    int threads() {
        return connections.length;
    }

    /**
     * Publishes {@code rate} events a second for {@code seconds}, event i to {@code jobs[i % jobs.length]},
     * and returns when every one has been answered.
     */
    Outcome run(int phase, double rate, double seconds, String[] jobs) {
        Outcome outcome = new Outcome(jobs);
        long total = Math.max(1, Math.round(rate * seconds));
        double interval = 1e9 / rate;
        long start = System.nanoTime() + 5_000_000; // a moment for the threads to start
        outcome.scheduled = total;
        outcome.firstDueNanos = start;
        outcome.lastDueNanos = start + (long) ((total - 1) * interval);
        AtomicLong next = new AtomicLong();
        Thread[] threads = new Thread[connections.length];
        for (int t = 0; t < threads.length; t++) {
            Connection connection = connections[t];
            threads[t] = new Thread(() -> {
                StringBuilder body = new StringBuilder(256);
                long i;
                while ((i = next.getAndIncrement()) < total) {
                    long due = start + (long) (i * interval);
                    parkUntil(due);
                    long sent = System.nanoTime();
                    int job = (int) (i % jobs.length);
                    String type = mix.type(i, total);
                    body(body, type, i, due - origin, phase);
                    String failure = connection.post(port, key, jobs[job], body);
                    long answered = System.nanoTime();
                    if (failure == null) {
                        outcome.accepted.increment();
                        outcome.acceptedByType.computeIfAbsent(type, kind -> new LongAdder()).increment();
                        outcome.acceptedPerJob.incrementAndGet(job);
                        outcome.answered((sent - due) / 1000, (answered - due) / 1000);
                    } else {
                        outcome.failures.computeIfAbsent(failure, f -> new LongAdder()).increment();
                    }
                }
            }, "pub-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing", e);
            }
        }
        outcome.endNanos = System.nanoTime();
        return outcome;
    }

    /** Event i's request body: its due time and phase for the receivers, and what its type carries. */
    private static void body(StringBuilder body, String type, long i, long dueFromOrigin, int phase) {
        body.setLength(0);
        body.append("{\"type\":\"").append(type).append("\",\"data\":{\"bt\":").append(dueFromOrigin)
                .append(",\"bp\":").append(phase);
        if (type.equals(PROGRESS_TYPE)) {
            int step = (int) (i % 100);
            body.append(",\"progress\":").append(step)
                    .append(",\"message\":\"Executing step ").append(step).append(" of 100\"")
                    .append(",\"step\":\"step-").append(step).append('"');
        } else {
            body.append(",\"message\":\"").append(type).append(" at event ").append(i).append('"');
        }
        body.append("}}");
    }

    static void parkUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    @Override
    public void close() {
        for (Connection connection : connections) {
            connection.close();
        }
    }

    /** One keep-alive HTTP/1.1 connection, used by one thread at a time. */
    private static final class Connection {
        private Socket socket;
        private OutputStream out;
        private InputStream in;
        private final ByteArrayOutputStream request = new ByteArrayOutputStream(512);
        private final StringBuilder line = new StringBuilder(128);

        /** Answers null for a 202, or what went wrong ("HTTP 503", "IOException ..."). */
        String post(int port, String key, String jobId, CharSequence body) {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    socket.setSoTimeout(30_000);
                    out = socket.getOutputStream();
                    in = new BufferedInputStream(socket.getInputStream(), 8192);
                }
                byte[] content = body.toString().getBytes(StandardCharsets.UTF_8);
                request.reset();
                String head = "POST /api/jobs/" + jobId + "/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nAuthorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + content.length + "\r\n\r\n";
                request.write(head.getBytes(StandardCharsets.US_ASCII));
                request.write(content);
                request.writeTo(out);
                out.flush();
                return answer();
            } catch (IOException e) {
                close();
                return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }

        private String answer() throws IOException {
            String status = readLine();
            int code = status.length() >= 12 ? Integer.parseInt(status.substring(9, 12)) : -1;
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = false;
            String header;
            while (!(header = readLine()).isEmpty()) {
                String lower = header.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closeAfter = true;
                }
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(readLine().split(";")[0].trim(), 16)) > 0) {
                    skip(size);
                    readLine();
                }
                while (!readLine().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                skip(length);
            } else if (length < 0) {
                closeAfter = true; // the body runs to the end of the connection
            }
            if (closeAfter) {
                close();
            }
            return code == 202 ? null : "HTTP " + code;
        }

        private void skip(long bytes) throws IOException {
            long left = bytes;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed in a response body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String readLine() throws IOException {
            line.setLength(0);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int last = line.length() - 1;
                    if (last >= 0 && line.charAt(last) == '\r') {
                        line.setLength(last);
                    }
                    return line.toString();
                }
                line.append((char) c);
            }
            throw new IOException("connection closed by the server");
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // gone anyway
                }
                socket = null;
            }
        }
    }
}
