package io.jobsgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A WebSocket client (RFC 6455, client side) just big enough for the benchmark, on one or a few
 * selector threads: each connection costs a socket and a small object, and each message one
 * read shared with the other messages of the same wake-up, parsed in place in one shared buffer.
 * Text frames (fragmented or not), ping (answered with pong), pong and close are understood;
 * what the client sends (subscribe, pong, close) is masked as the RFC requires. A connection
 * can stop reading its socket and resume ({@link #reading}), for the slow-reader scenario.
 *
 * <p>With {@code sse} the connections are Server-Sent Events streams instead, on the same loops
 * and buffers: {@code GET /api/stream?jobId=J} (the stream subscribes as it opens), a body
 * chunked or not, de-chunked in place, and each complete message's {@code data:} line handed to
 * the subscriber as a WebSocket text frame's payload is ({@code connected}, {@code subscribed}
 * and job events carry the same JSON); {@code : ping} comments count as pings. A stream sends
 * nothing: the subscriber's answers (the subscribe, pongs) are dropped, and closing one closes
 * its socket.
 */
final class NioClients implements Clients {

    private static final int CONNECTING = 0;
    private static final int HANDSHAKE = 1;
    private static final int OPEN = 2;

    private final Loop[] loops;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final boolean sse;

    NioClients(int threads, boolean sse) {
        this.sse = sse;
        loops = new Loop[Math.max(1, threads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new Loop("ws-nio-" + i);
        }
        ExitHook.closeAtExit(this);
    }

    @Override
    public void connect(Subscriber subscriber) {
        open.incrementAndGet();
        Loop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        loop.submit(() -> loop.open(subscriber));
    }

    @Override
    public int open() {
        return open.get();
    }

    @Override
    public void closeAll(long timeoutMillis) {
        for (Loop loop : loops) {
            loop.submit(loop::closeAllGracefully);
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (open.get() > 0 && System.nanoTime() < deadline) {
            Bench.sleep(50);
        }
        for (Loop loop : loops) {
            loop.submit(loop::dropAll);
        }
        deadline = System.nanoTime() + 5_000_000_000L;
        while (open.get() > 0 && System.nanoTime() < deadline) {
            Bench.sleep(20);
        }
    }

    @Override
    public void reading(Subscriber subscriber, boolean reading) {
        onEveryLoop(loop -> loop.reading(subscriber, reading));
    }

    @Override
    public void send(Subscriber subscriber, String text) {
        onEveryLoop(loop -> loop.sendText(subscriber, text));
    }

    /** Runs {@code task} on each loop's thread, which owns its connections (the one that holds the subscriber acts), and waits. */
    private void onEveryLoop(Consumer<Loop> task) {
        CountDownLatch done = new CountDownLatch(loops.length);
        for (Loop loop : loops) {
            loop.submit(() -> {
                try {
                    task.accept(loop);
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            if (!done.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the client's selector threads did not answer within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String description() {
        return "nio (" + loops.length + " selector thread" + (loops.length == 1 ? "" : "s") + ")"
                + (sse ? " over Server-Sent Events" : "");
    }

    @Override
    public void close() {
        closeAll(2000);
        for (Loop loop : loops) {
            loop.stop();
        }
        ExitHook.closed(this);
    }

    /** One connection's state, owned by its loop's thread. */
    private static final class Ws {
        final Subscriber subscriber;
        SocketChannel channel;
        SelectionKey key;
        int phase = CONNECTING;
        byte[] carry = new byte[0];
        int carryLength;
        ByteBuffer unsent;
        byte[] fragments;
        int fragmentsLength;
        boolean closeSent;
        /** False while the connection leaves its socket unread ({@link #reading}). */
        boolean reading = true;
        /** An event stream's body is chunked; {@link #chunkLeft} bytes of the current chunk are still to come. */
        boolean chunked;
        long chunkLeft;
        /** The last chunk came: the server ended the stream. */
        boolean lastChunk;
        /** How many bytes at the start of {@link #carry} are de-chunked already. */
        int decoded;

        Ws(Subscriber subscriber) {
            this.subscriber = subscriber;
        }
    }

    private final class Loop implements Runnable {
        private final Selector selector;
        private final Thread thread;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final Map<Subscriber, Ws> connections = new HashMap<>();
        private final ByteBuffer in = ByteBuffer.allocate(256 * 1024);
        private volatile boolean running = true;

        Loop(String name) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        void submit(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        void stop() {
            running = false;
            selector.wakeup();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            while (running) {
                try {
                    selector.select();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
                while (selected.hasNext()) {
                    SelectionKey key = selected.next();
                    selected.remove();
                    Ws ws = (Ws) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            connected(ws);
                        } else {
                            if (key.isWritable()) {
                                flush(ws);
                            }
                            if (key.isValid() && key.isReadable()) {
                                read(ws);
                            }
                        }
                    } catch (IOException | CancelledKeyException e) {
                        end(ws, -1, e.toString());
                    }
                }
            }
            for (Ws ws : List.copyOf(connections.values())) {
                end(ws, -1, "client stopped");
            }
            try {
                selector.close();
            } catch (IOException e) {
                // stopping anyway
            }
        }

        void open(Subscriber subscriber) {
            Ws ws = new Ws(subscriber);
            connections.put(subscriber, ws);
            subscriber.starting(System.nanoTime());
            try {
                ws.channel = SocketChannel.open();
                ws.channel.configureBlocking(false);
                ws.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (subscriber.receiveBufferBytes > 0) {
                    ws.channel.setOption(StandardSocketOptions.SO_RCVBUF, subscriber.receiveBufferBytes);
                }
                if (subscriber.sourceAddress != null) {
                    ws.channel.bind(new InetSocketAddress(subscriber.sourceAddress, 0));
                }
                boolean done = ws.channel.connect(new InetSocketAddress("127.0.0.1", subscriber.port));
                ws.key = ws.channel.register(selector, done ? 0 : SelectionKey.OP_CONNECT, ws);
                if (done) {
                    connected(ws);
                }
            } catch (IOException e) {
                end(ws, -1, "connect: " + e);
            }
        }

        private void connected(Ws ws) throws IOException {
            ws.channel.finishConnect();
            ws.subscriber.localPort = ((InetSocketAddress) ws.channel.getLocalAddress()).getPort();
            if (sse && ws.subscriber.jobId == null) {
                end(ws, -1, "an event stream needs a room: a job to subscribe to");
                return;
            }
            ws.phase = HANDSHAKE;
            ws.key.interestOps(SelectionKey.OP_READ);
            String request = (sse ? streamRequest(ws.subscriber) : upgradeRequest(ws.subscriber))
                    + "Host: 127.0.0.1:" + ws.subscriber.port + "\r\n"
                    + "Authorization: Bearer " + ws.subscriber.key + "\r\n\r\n";
            write(ws, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        }

        private String upgradeRequest(Subscriber subscriber) {
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            return "GET /jobs HTTP/1.1\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n";
        }

        /** A stream names its room in the query (job ids are URL-safe, {@code Identifiers.RULE}). */
        private String streamRequest(Subscriber subscriber) {
            return "GET /api/stream?jobId=" + subscriber.jobId + " HTTP/1.1\r\n"
                    + "Accept: text/event-stream\r\n";
        }

        private void read(Ws ws) throws IOException {
            while (true) {
                in.clear();
                int n = ws.channel.read(in);
                if (n < 0) {
                    end(ws, -1, ws.closeSent || ws.subscriber.closing ? null
                            : sse ? "the server ended the stream" : "connection closed without a close frame");
                    return;
                }
                if (n == 0) {
                    return;
                }
                long now = System.nanoTime();
                if (ws.carryLength == 0) {
                    int used = consume(ws, in.array(), 0, n, now);
                    if (used < 0) {
                        return;
                    }
                    keep(ws, in.array(), used, n);
                } else {
                    append(ws, in.array(), n);
                    int length = ws.carryLength;
                    int used = consume(ws, ws.carry, 0, length, now);
                    if (used < 0) {
                        return;
                    }
                    ws.carryLength = 0;
                    keep(ws, ws.carry, used, length);
                }
                if (n < in.capacity()) {
                    return;
                }
            }
        }

        private void keep(Ws ws, byte[] data, int from, int end) {
            int rest = end - from;
            if (rest == 0) {
                return;
            }
            if (ws.carry.length < rest) {
                ws.carry = new byte[Math.max(rest, 1024)];
            }
            System.arraycopy(data, from, ws.carry, 0, rest);
            ws.carryLength = rest;
        }

        private void append(Ws ws, byte[] data, int n) {
            if (ws.carry.length < ws.carryLength + n) {
                byte[] bigger = new byte[Math.max(ws.carryLength + n, ws.carry.length * 2)];
                System.arraycopy(ws.carry, 0, bigger, 0, ws.carryLength);
                ws.carry = bigger;
            }
            System.arraycopy(data, 0, ws.carry, ws.carryLength, n);
            ws.carryLength += n;
        }

        /** Handles what is complete in data[from, end); answers how far it got, or -1 if the connection ended. */
        private int consume(Ws ws, byte[] data, int from, int end, long now) throws IOException {
            int at = from;
            if (ws.phase == HANDSHAKE) {
                int headerEnd = Subscriber.indexOf(data, at, end, HEADER_END);
                if (headerEnd < 0) {
                    if (end - at > 16 * 1024) {
                        end(ws, -1, "handshake answer too long");
                        return -1;
                    }
                    return at;
                }
                String head = new String(data, at, headerEnd - at, StandardCharsets.US_ASCII);
                if (!head.startsWith(sse ? "HTTP/1.1 200" : "HTTP/1.1 101")) {
                    end(ws, -1, "handshake answered " + head.split("\r\n")[0]);
                    return -1;
                }
                ws.chunked = CHUNKED.matcher(head).find();
                ws.phase = OPEN;
                at = headerEnd + HEADER_END.length;
            }
            return sse ? events(ws, data, at, end, now) : frames(ws, data, at, end, now);
        }

        /** The WebSocket frames of data[at, end) after the handshake. */
        private int frames(Ws ws, byte[] data, int at, int end, long now) throws IOException {
            while (end - at >= 2) {
                int b0 = data[at] & 0xff;
                int b1 = data[at + 1] & 0xff;
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0f;
                long length = b1 & 0x7f;
                int header = 2;
                if (length == 126) {
                    if (end - at < 4) {
                        break;
                    }
                    length = ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
                    header = 4;
                } else if (length == 127) {
                    if (end - at < 10) {
                        break;
                    }
                    length = 0;
                    for (int i = 2; i < 10; i++) {
                        length = (length << 8) | (data[at + i] & 0xff);
                    }
                    header = 10;
                }
                boolean masked = (b1 & 0x80) != 0;
                if (masked) {
                    header += 4; // servers do not mask; tolerated, but the payload is then garbage for us
                }
                if (length > 64 * 1024 * 1024) {
                    end(ws, -1, "frame of " + length + " bytes");
                    return -1;
                }
                if (end - at < header + length) {
                    break;
                }
                int payload = at + header;
                int size = (int) length;
                at = payload + size;
                switch (opcode) {
                    case 0x1 -> {
                        if (fin) {
                            message(ws, data, payload, size, now);
                        } else {
                            ws.fragmentsLength = 0;
                            fragment(ws, data, payload, size);
                        }
                    }
                    case 0x0 -> {
                        fragment(ws, data, payload, size);
                        if (fin) {
                            message(ws, ws.fragments, 0, ws.fragmentsLength, now);
                            ws.fragmentsLength = 0;
                        }
                    }
                    case 0x9 -> send(ws, 0xA, data, payload, size);
                    case 0x8 -> {
                        int code = size >= 2 ? ((data[payload] & 0xff) << 8) | (data[payload + 1] & 0xff) : 1005;
                        if (!ws.closeSent) {
                            ws.closeSent = true;
                            send(ws, 0x8, data, payload, Math.min(size, 2));
                        }
                        end(ws, code, ws.subscriber.closing || code == 1000 ? null : "closed by the server with " + code);
                        return -1;
                    }
                    default -> {
                        // pong and anything else: nothing to do
                    }
                }
                if (ws.phase != OPEN || !ws.channel.isOpen()) {
                    return -1;
                }
            }
            return at;
        }

        /**
         * The event stream of data[from, end) after the answer's header: a chunked body is first
         * de-chunked in place into data[from, body), the raw bytes from {@code raw} on not yet;
         * what is left of the body after its last complete message is moved up against them, to
         * be carried with them.
         */
        private int events(Ws ws, byte[] data, int from, int end, long now) {
            int body = end;
            int raw = end;
            if (ws.chunked) {
                body = from + ws.decoded;
                raw = body;
                while (raw < end && !ws.lastChunk) {
                    if (ws.chunkLeft == 0) {
                        int next = chunkHeader(ws, data, raw, end);
                        if (next < 0) {
                            break;
                        }
                        raw = next;
                    } else {
                        int n = (int) Math.min(ws.chunkLeft, end - raw);
                        System.arraycopy(data, raw, data, body, n);
                        body += n;
                        raw += n;
                        ws.chunkLeft -= n;
                    }
                }
            }
            int used = messages(ws, data, from, body, now);
            if (ws.lastChunk) {
                end(ws, -1, ws.subscriber.closing ? null : "the server ended the stream");
                return -1;
            }
            int rest = body - used;
            System.arraycopy(data, used, data, raw - rest, rest);
            ws.decoded = ws.chunked ? rest : 0;
            return raw - rest;
        }

        /**
         * Reads a chunk's size line at data[at, end) (after the CRLF that ends the chunk before);
         * answers where its data begins, or -1 if the line is not complete yet.
         */
        private int chunkHeader(Ws ws, byte[] data, int at, int end) {
            while (at < end && (data[at] == '\r' || data[at] == '\n')) {
                at++;
            }
            int lf = Subscriber.indexOf(data, at, end, LF);
            if (lf < 0) {
                return -1;
            }
            long size = 0;
            for (int i = at; i < lf && Character.digit(data[i], 16) >= 0; i++) {
                size = size * 16 + Character.digit(data[i], 16);
            }
            ws.chunkLeft = size;
            ws.lastChunk = size == 0;
            return lf + 1;
        }

        /**
         * Hands each complete message of the stream body data[from, end) (lines up to a blank
         * one) to the subscriber: its {@code data:} line (the gateway writes one a message) as a
         * text frame, a {@code : ping} comment as a ping; {@code event:} and {@code id:} are not
         * needed, the JSON names its type. Answers where the first incomplete message begins.
         */
        private int messages(Ws ws, byte[] data, int from, int end, long now) {
            int message = from;
            int line = from;
            int value = -1;
            int valueEnd = -1;
            boolean ping = false;
            int lf;
            while ((lf = Subscriber.indexOf(data, line, end, LF)) >= 0) {
                int lineEnd = lf > line && data[lf - 1] == '\r' ? lf - 1 : lf;
                if (lineEnd == line) {
                    if (ping) {
                        ws.subscriber.pinged();
                    }
                    if (value >= 0) {
                        ws.subscriber.onMessage(data, value, valueEnd - value, now);
                    }
                    value = -1;
                    ping = false;
                    message = lf + 1;
                } else if (startsWith(data, line, lineEnd, DATA)) {
                    value = line + DATA.length;
                    value += value < lineEnd && data[value] == ' ' ? 1 : 0;
                    valueEnd = lineEnd;
                } else if (lineEnd - line == PING_COMMENT.length && startsWith(data, line, lineEnd, PING_COMMENT)) {
                    ping = true;
                }
                line = lf + 1;
            }
            return message;
        }

        private void fragment(Ws ws, byte[] data, int offset, int length) {
            if (ws.fragments == null || ws.fragments.length < ws.fragmentsLength + length) {
                byte[] bigger = new byte[Math.max(ws.fragmentsLength + length, 4096)];
                if (ws.fragments != null) {
                    System.arraycopy(ws.fragments, 0, bigger, 0, ws.fragmentsLength);
                }
                ws.fragments = bigger;
            }
            System.arraycopy(data, offset, ws.fragments, ws.fragmentsLength, length);
            ws.fragmentsLength += length;
        }

        private void message(Ws ws, byte[] data, int offset, int length, long now) throws IOException {
            String reply = ws.subscriber.onMessage(data, offset, length, now);
            if (reply != null && !ws.closeSent) {
                byte[] text = reply.getBytes(StandardCharsets.UTF_8);
                send(ws, 0x1, text, 0, text.length);
            }
        }

        /** One masked frame from client to server. */
        private void send(Ws ws, int opcode, byte[] payload, int offset, int length) throws IOException {
            int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
            ByteBuffer frame = ByteBuffer.allocate(header + 4 + length);
            frame.put((byte) (0x80 | opcode));
            if (length < 126) {
                frame.put((byte) (0x80 | length));
            } else if (length < 65536) {
                frame.put((byte) (0x80 | 126)).putShort((short) length);
            } else {
                frame.put((byte) (0x80 | 127)).putLong(length);
            }
            int mask = ThreadLocalRandom.current().nextInt();
            frame.putInt(mask);
            for (int i = 0; i < length; i++) {
                frame.put((byte) (payload[offset + i] ^ (mask >>> (24 - 8 * (i & 3)))));
            }
            frame.flip();
            write(ws, frame);
        }

        private void write(Ws ws, ByteBuffer buffer) throws IOException {
            if (ws.unsent != null) {
                ByteBuffer joined = ByteBuffer.allocate(ws.unsent.remaining() + buffer.remaining());
                joined.put(ws.unsent).put(buffer).flip();
                ws.unsent = joined;
                return;
            }
            ws.channel.write(buffer);
            if (buffer.hasRemaining()) {
                ws.unsent = buffer;
                ws.key.interestOps(ws.key.interestOps() | SelectionKey.OP_WRITE);
            }
        }

        private void flush(Ws ws) throws IOException {
            if (ws.unsent != null) {
                ws.channel.write(ws.unsent);
                if (!ws.unsent.hasRemaining()) {
                    ws.unsent = null;
                    ws.key.interestOps(ws.reading ? SelectionKey.OP_READ : 0);
                }
            }
        }

        /**
         * Read interest off or on: with it off the selector never reports the socket readable,
         * so what the server sends stays in the kernel, unread. A write still waiting keeps its
         * own interest.
         */
        void reading(Subscriber subscriber, boolean on) {
            Ws ws = connections.get(subscriber);
            if (ws == null || ws.phase != OPEN) {
                return;
            }
            ws.reading = on;
            ws.key.interestOps((on ? SelectionKey.OP_READ : 0) | (ws.unsent != null ? SelectionKey.OP_WRITE : 0));
        }

        void sendText(Subscriber subscriber, String text) {
            Ws ws = connections.get(subscriber);
            if (ws == null || ws.phase != OPEN || ws.closeSent || sse) { // a stream cannot send
                return;
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            try {
                send(ws, 0x1, bytes, 0, bytes.length);
            } catch (IOException e) {
                end(ws, -1, e.toString());
            }
        }

        void closeAllGracefully() {
            for (Ws ws : List.copyOf(connections.values())) {
                ws.subscriber.closing = true;
                if (ws.phase != OPEN || sse) { // a stream has no close handshake: its socket just closes
                    end(ws, -1, null);
                    continue;
                }
                if (!ws.closeSent) {
                    ws.closeSent = true;
                    try {
                        send(ws, 0x8, NORMAL_CLOSE, 0, NORMAL_CLOSE.length);
                    } catch (IOException e) {
                        end(ws, -1, null);
                    }
                }
            }
        }

        void dropAll() {
            for (Ws ws : List.copyOf(connections.values())) {
                ws.subscriber.closing = true;
                end(ws, -1, null);
            }
        }

        private void end(Ws ws, int code, String why) {
            if (!connections.remove(ws.subscriber, ws)) {
                return;
            }
            try {
                if (ws.channel != null) {
                    ws.channel.close();
                }
            } catch (IOException e) {
                // closing anyway
            }
            ws.phase = -1;
            open.decrementAndGet();
            ws.subscriber.ended(code, why);
        }
    }

    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern CHUNKED = Pattern.compile("(?im)^transfer-encoding:[ \t]*chunked");
    private static final byte[] LF = {'\n'};
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING_COMMENT = ": ping".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NORMAL_CLOSE = {0x03, (byte) 0xE8};

    private static boolean startsWith(byte[] data, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
