package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.fixtures.GatewayServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What lands in a node's log: no input, however malformed, yields a 5xx or a stack trace
 * (issue 12), and the connection log names each refusal and close by the key's id, never the
 * key (issue 14). It reads a Payara Micro node's whole log, so it starts one itself and runs
 * once, in the Payara build.
 */
class NodeLogIT {

    private static final String PUBLISHER_KEY = "h-publisher";

    private static OwnNode own;
    private static GatewayServer node;

    @BeforeAll
    static void start() throws Exception {
        own = OwnNode.start("node-log", "[{\"key\": \"" + PUBLISHER_KEY + "\", \"clientId\": \"acme\", \"scopes\": [\"publish\"]}]",
                Map.of("JOBS_MAX_CONNECTIONS_PER_KEY", "2"));
        node = own.server();
    }

    @AfterAll
    static void stop() throws Exception {
        if (own != null) {
            own.close();
        }
    }

    @Test
    void malformedRequestsOfEveryKindLeaveNoStackTraceAndNo5xx() throws Exception {
        int logAtStart = node.log().length();

        List<String> failures = new ArrayList<>();
        try (Gateway gateway = new Gateway(node.base().toURL())) {
            Auth key = Auth.bearer("h-publisher");
            String nested = "[".repeat(10_000) + "]".repeat(10_000);
            String longNumber = "{\"type\":\"job.created\",\"data\":{\"n\":" + "9".repeat(5000) + "}}";
            // java.net.URI refuses these URLs: they go over a raw socket. Payara answers them 200 (payara/Payara#8000).
            for (String request : List.of("POST /api/jobs/%zz/events", "GET /api/jobs/%zz/history", "GET /api/poll?jobId=%zz")) {
                int status = rawStatus(node.port(), request);
                if (status >= 500) {
                    failures.add(request + " answered " + status);
                }
            }
            List<HttpResponse<String>> answers = List.of(
                    gateway.post("jobs/j-1/events", key, nested),
                    gateway.post("jobs/j-1/events", key, longNumber),
                    gateway.post("jobs/j-1/events", key, "{\"type\":\"job.created\"}garbage"),
                    gateway.post("messages", key, "{\"event\":"),
                    gateway.get("poll?jobId=j-1&wait=-1", key));
            for (HttpResponse<String> answer : answers) {
                if (answer.statusCode() >= 500) {
                    failures.add(answer.request().uri() + " answered " + answer.statusCode());
                }
            }
            TestSocket socket = gateway.connect("hostile socket", "h-publisher");
            socket.sendInvalid("[".repeat(4000) + "]".repeat(4000)); // within jobs.max-message-bytes
            socket.sendInvalid("{\"type\":\"subscribe\",\"jobId\":\"j-1\",\"since\":" + "9".repeat(5000) + "}");
            socket.sendInvalid("{\"type\":\"subscribe\"}garbage");
            for (int i = 0; i < 3; i++) {
                assertEquals("bad_request", socket.nextOfType("error").getString("code"));
            }
            resetRightAfterTheUpgrade(node.port());
        }
        Thread.sleep(500); // what the server logs of the last requests
        String log = node.log().substring(logAtStart);
        long frames = log.lines().filter(line -> line.startsWith("\tat ")).count();
        assertTrue(failures.isEmpty(), String.join("; ", failures));
        assertEquals(0, frames, "stack-trace lines in the log after the hostile requests:\n"
                + log.substring(0, Math.min(log.length(), 6000)));
    }

    @Test
    void theConnectionLogNamesEachRefusalByTheKeysIdNeverTheKey() throws Exception {
        int logAtStart = node.log().length();
        try (Gateway gateway = new Gateway(node.base().toURL())) {
            assertEquals(4401, gateway.open("bad key", Auth.query("not-a-key")).awaitClose());
            gateway.connect("first", PUBLISHER_KEY);
            gateway.connect("second", PUBLISHER_KEY);
            assertEquals(4429, gateway.open("third", Auth.bearer(PUBLISHER_KEY)).awaitClose(), "past 2 per key");
            assertEquals(429, gateway.get("poll?jobId=j-1&wait=0", Auth.bearer(PUBLISHER_KEY)).statusCode());
        }
        String log = awaitLog(logAtStart, "code=429");
        List<String> lines = log.lines().filter(line -> line.contains("Connection refused")).toList();
        assertTrue(lines.stream().anyMatch(line -> line.contains("transport=websocket code=4401")), log);
        String tooMany = lines.stream().filter(line -> line.contains("code=4429")).findFirst().orElseThrow(() -> new AssertionError(log));
        assertTrue(tooMany.matches(".*key=key:[0-9a-f]{16}:\\d+ transport=websocket code=4429 reason=.*"), tooMany);
        assertTrue(lines.stream().anyMatch(line -> line.matches(".*key=key:[0-9a-f]{16}:\\d+ transport=poll code=429 .*")), log);
        assertTrue(log.lines().noneMatch(line -> line.contains(PUBLISHER_KEY)), "a key in the log:\n" + log);
    }

    /** The node's log since {@code from}, once it holds {@code text} (it is written a little after the answer). */
    private static String awaitLog(int from, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String log = node.log().substring(from);
        while (!log.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            log = node.log().substring(from);
        }
        return log;
    }

    /** The status of a request sent as written, with the key and an empty JSON body. */
    private static int rawStatus(int port, String requestLine) throws Exception {
        try (Socket raw = new Socket("127.0.0.1", port)) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer h-publisher\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(raw.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return statusLine == null ? 0 : Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    /** A complete upgrade request, then a TCP reset at once (SO_LINGER 0), as a flaky network or a scanner does. */
    private static void resetRightAfterTheUpgrade(int port) throws Exception {
        try (Socket raw = new Socket("127.0.0.1", port)) {
            raw.setSoLinger(true, 0);
            OutputStream out = raw.getOutputStream();
            out.write(("GET /jobs?apiKey=h-publisher HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
