package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The deployed gateway as an outside client sees it: its socket at {@code jobs}, its HTTP API
 * at {@code api/}, and MicroProfile Health at the server's root. Remembers every socket it
 * opened, so that a test's connections can all be closed after it.
 */
final class Gateway implements AutoCloseable {

    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI app;
    private final List<TestSocket> sockets = new ArrayList<>();
    private final List<EventStream> streams = new ArrayList<>();

    /** @param base the application's URL, as Arquillian gives it (ends with its context root) */
    Gateway(URL base) {
        try {
            String url = base.toExternalForm();
            app = new URI(url.endsWith("/") ? url : url + "/");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    URI socketUri(Auth auth) {
        String http = app.resolve("jobs").toString();
        String ws = "ws" + http.substring("http".length());
        return URI.create(auth.query().isEmpty() ? ws : ws + "?" + auth.query());
    }

    // ---------------------------------------------------------------- sockets

    /** Starts a handshake; the socket is remembered and closed by {@link #close()}. */
    CompletableFuture<TestSocket> openAsync(String name, Auth auth) {
        TestSocket socket = new TestSocket(name);
        synchronized (sockets) {
            sockets.add(socket);
        }
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(HANDSHAKE_TIMEOUT);
        auth.headers().forEach(builder::header);
        return builder.buildAsync(socketUri(auth), socket).thenApply(webSocket -> socket);
    }

    /** A socket whose handshake succeeded (the server may still close it at once). */
    TestSocket open(String name, Auth auth) {
        try {
            return openAsync(name, auth).get(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(name + ": the handshake failed: " + describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(name + ": no handshake within " + HANDSHAKE_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A socket that got its {@code connected} message, which is returned by {@link Connected#hello()}. */
    Connected connect(String name, Auth auth) {
        TestSocket socket = open(name, auth);
        JsonObject hello = socket.next();
        assertEquals("connected", hello.getString("type", null), name + ": first message " + hello);
        assertEquals(hello, socket.received().get(0), name + ": 'connected' must come first, before any ping");
        return new Connected(socket, hello);
    }

    /** The socket of a key given as {@code Authorization: Bearer}, after its {@code connected} message. */
    TestSocket connect(String name, String key) {
        return connect(name, Auth.bearer(key)).socket();
    }

    record Connected(TestSocket socket, JsonObject hello) {
    }

    /** The HTTP status of a handshake the server is expected to refuse. */
    int refusedHandshakeStatus(String name, Auth auth) {
        try {
            openAsync(name, auth).get(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            fail(name + ": the handshake succeeded, expected it refused");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            fail(name + ": the handshake failed without an HTTP answer: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            fail(name + ": no handshake answer within " + HANDSHAKE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
        throw new AssertionError("unreachable");
    }

    private static String describe(Throwable failure) {
        if (failure instanceof WebSocketHandshakeException refused) {
            return "HTTP " + refused.getResponse().statusCode() + " " + refused.getResponse().body();
        }
        return String.valueOf(failure);
    }

    /**
     * Closes every socket and stream this gateway opened, then fails if a socket received a frame
     * that fits no message of {@code src/docs/asyncapi.yaml} and was not reported yet.
     */
    @Override
    public void close() {
        List<TestSocket> all;
        synchronized (sockets) {
            all = List.copyOf(sockets);
            sockets.clear();
        }
        all.parallelStream().forEach(TestSocket::close);
        synchronized (streams) {
            streams.forEach(EventStream::close);
            streams.clear();
        }
        List<AssertionError> violations = new ArrayList<>();
        for (TestSocket socket : all) {
            try {
                socket.assertNoViolations();
            } catch (AssertionError e) {
                violations.add(e);
            }
        }
        if (!violations.isEmpty()) {
            AssertionError first = violations.get(0);
            violations.subList(1, violations.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    // ---------------------------------------------------------------- HTTP

    /** POST {@code api/<path>} with a JSON body (sent as is, so it may be malformed). */
    HttpResponse<String> post(String path, Auth auth, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.resolve("api/" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        auth.headers().forEach(request::header);
        return send(request.build());
    }

    /** POST {@code api/<path>} with a JSON body and an {@code Idempotency-Key}. */
    HttpResponse<String> postOnce(String path, Auth auth, String idempotencyKey, String body) {
        return post(path, auth.withHeader("Idempotency-Key", idempotencyKey), body);
    }

    /** POST {@code api/<path>} with {@code contentType} (none when null). */
    HttpResponse<String> postAs(String path, Auth auth, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.resolve("api/" + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        auth.headers().forEach(request::header);
        return send(request.build());
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, Auth auth, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.resolve("api/" + path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        auth.headers().forEach(request::header);
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET {@code api/<path>}. */
    HttpResponse<String> get(String path, Auth auth) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.resolve("api/" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .GET();
        auth.headers().forEach(request::header);
        return send(request.build());
    }

    /** GET {@code metrics}, beside {@code api/}, as a Prometheus scraper does. */
    HttpResponse<String> metrics(Auth auth) {
        return getBesideApi("metrics", "text/plain", auth);
    }

    /**
     * Opens {@code GET api/stream?<query>} as a browser's {@code EventSource} does, and waits
     * for the status; closed with the gateway.
     */
    EventStream stream(String name, String query, Auth auth) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.resolve("api/stream?" + query))
                .header("Accept", "text/event-stream")
                .GET();
        auth.headers().forEach(request::header);
        try {
            EventStream stream = new EventStream(name, HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
            synchronized (streams) {
                streams.add(stream);
            }
            return stream;
        } catch (IOException e) {
            throw new UncheckedIOException("GET api/stream?" + query + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    CompletableFuture<HttpResponse<String>> getAsync(String path, Auth auth) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.resolve("api/" + path))
                .timeout(Duration.ofSeconds(120))
                .header("Accept", "application/json")
                .GET();
        auth.headers().forEach(request::header);
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET {@code ops/data}, beside {@code api/}, as the operations page asks it. */
    HttpResponse<String> opsData(Auth auth) {
        return getBesideApi("ops/data", "application/json", auth);
    }

    /** GET a path beside {@code api/}, with the query and headers of {@code auth}. */
    private HttpResponse<String> getBesideApi(String path, String accept, Auth auth) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.resolve(path + (auth.query().isEmpty() ? "" : "?" + auth.query())))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", accept)
                .GET();
        auth.headers().forEach(request::header);
        return send(request.build());
    }

    /** GET a path under the application's context root, such as {@code ops/}. */
    HttpResponse<String> getFromApp(String relativePath) {
        return send(HttpRequest.newBuilder(app.resolve(relativePath)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** GET a path from the server's root, such as {@code /health/ready}. */
    HttpResponse<String> getFromServerRoot(String absolutePath) {
        return send(HttpRequest.newBuilder(app.resolve(absolutePath)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** GET a path from the server's root asking for JSON, such as {@code /openapi?format=JSON}. */
    HttpResponse<String> getJsonFromServerRoot(String absolutePath) {
        return send(HttpRequest.newBuilder(app.resolve(absolutePath)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The response's body as a JSON object; fails the test if it is not one. */
    static JsonObject json(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new AssertionError(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + " with a body that is not a JSON object: '" + response.body() + "'", e);
        }
    }
}
