package io.jobsgateway.browser;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * An HTTP reverse proxy on loopback in front of the gateway, like those of the networks the
 * browser client falls back for: what it lets through is its {@link Rule}, which a test may
 * change while pages use it. It serves one request per connection (it asks the gateway for
 * {@code Connection: close}), passes the browser's {@code Host} on (so the gateway sees the
 * proxy's origin, as behind a real one), answers 502 while the gateway is down, and drops the
 * gateway's side of a request whose browser left.
 */
final class RestrictiveProxy implements AutoCloseable {

    enum Rule {
        /** Everything passes, WebSocket upgrades too; responses stream through as they come. */
        PASS_EVERYTHING,
        /** A WebSocket upgrade is answered 403; the rest passes, and responses stream through as they come. */
        REFUSE_WEBSOCKETS,
        /** As {@link #REFUSE_WEBSOCKETS}, and each response is held until it has ended: a stream never arrives. */
        REFUSE_WEBSOCKETS_AND_BUFFER
    }

    private static final byte[] REFUSED = ("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 25\r\n"
            + "Connection: close\r\n\r\nno WebSockets through here").getBytes(ISO_8859_1);
    private static final byte[] GATEWAY_DOWN = ("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(ISO_8859_1);
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final ServerSocket server;
    private final int gatewayPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "restrictive-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Rule rule;

    RestrictiveProxy(int gatewayPort, Rule rule) throws IOException {
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        this.gatewayPort = gatewayPort;
        this.rule = rule;
        threads.execute(this::accept);
    }

    /** The gateway's root through this proxy. */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    /** What passes from now on (connections open already keep going as they started). */
    void rule(Rule rule) {
        this.rule = rule;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket browser = server.accept();
                threads.execute(() -> serve(browser));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket browser) {
        open.add(browser);
        Rule now = rule;
        try (browser) {
            InputStream fromBrowser = new BufferedInputStream(browser.getInputStream());
            String head = head(fromBrowser);
            if (head == null) {
                return;
            }
            boolean upgrade = head.toLowerCase(Locale.ROOT).contains("\r\nupgrade: websocket");
            if (upgrade && now != Rule.PASS_EVERYTHING) {
                browser.getOutputStream().write(REFUSED);
                return;
            }
            Socket gateway;
            try {
                gateway = new Socket(InetAddress.getLoopbackAddress(), gatewayPort);
            } catch (IOException e) {
                browser.getOutputStream().write(GATEWAY_DOWN);
                return;
            }
            open.add(gateway);
            try (gateway) {
                OutputStream toGateway = gateway.getOutputStream();
                toGateway.write((upgrade ? head : oneRequestOnly(head)).getBytes(ISO_8859_1));
                // The request's body, then the browser leaving: which ends the gateway's side too.
                threads.execute(() -> {
                    copy(fromBrowser, toGateway);
                    shut(browser, gateway);
                });
                if (now == Rule.REFUSE_WEBSOCKETS_AND_BUFFER) {
                    browser.getOutputStream().write(gateway.getInputStream().readAllBytes());
                } else {
                    copy(gateway.getInputStream(), browser.getOutputStream());
                }
            } finally {
                open.remove(gateway);
            }
        } catch (IOException e) {
            // one side went away: the other is closed with it
        } finally {
            open.remove(browser);
        }
    }

    /** The request line and headers, up to and with the empty line; null when the browser sent none. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEAD_BYTES) {
                return null;
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(ISO_8859_1);
    }

    /** The head with {@code Connection: close} instead of the browser's keep-alive: each request is seen here. */
    private static String oneRequestOnly(String head) {
        String lines = head.substring(0, head.length() - 4).lines()
                .filter(line -> !line.regionMatches(true, 0, "Connection:", 0, 11)
                        && !line.regionMatches(true, 0, "Keep-Alive:", 0, 11))
                .collect(Collectors.joining("\r\n"));
        return lines + "\r\nConnection: close\r\n\r\n";
    }

    /** Copies until either side ends, each chunk as it comes (sockets' streams do not buffer). */
    private static void copy(InputStream in, OutputStream out) {
        byte[] chunk = new byte[8192];
        try {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                out.write(chunk, 0, n);
            }
        } catch (IOException e) {
            // closed, by either side
        }
    }

    private static void shut(Socket... sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(RestrictiveProxy::shut);
        threads.shutdownNow();
    }
}
