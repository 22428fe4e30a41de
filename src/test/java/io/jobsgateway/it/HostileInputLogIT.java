package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.fixtures.GatewayServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: no input, however malformed, yields a 5xx or a stack trace in the log. It reads a
 * Payara Micro node's whole log, so it starts one itself and runs once, in the Payara build.
 */
class HostileInputLogIT {

    private static final Duration BOOT = Duration.ofMinutes(3);

    private static GatewayServer node;
    private static Path keys;

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (keys != null) {
            Files.deleteIfExists(keys);
        }
    }

    @Test
    void malformedRequestsOfEveryKindLeaveNoStackTraceAndNo5xx() throws Exception {
        keys = Files.createTempFile("hostile-keys", ".json");
        Files.writeString(keys, "[{\"key\": \"h-publisher\", \"clientId\": \"acme\", \"scopes\": [\"publish\"]}]");
        Path war = PackagedBuild.war();
        node = PackagedBuild.node("hostile", war, Map.of("JOBS_API_KEYS_FILE", keys.toString()), war.getParent());
        node.start();
        node.awaitReadiness(200, BOOT);
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
