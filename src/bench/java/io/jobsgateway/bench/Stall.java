package io.jobsgateway.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connections that stop reading their sockets for a while: what the server writes to them
 * piles up in the kernel (its send buffers, their receive buffers) and then in its own queue
 * for each, as behind clients that stalled. They still write: a pong every
 * {@code keepaliveSeconds}, so that the server's heartbeat timeout (no message within
 * {@code jobs.heartbeat.timeout-ms}: 4408) does not end them before their queues do, which is
 * what the stall is for.
 */
final class Stall implements AutoCloseable {

    private final Clients clients;
    private final List<Subscriber> stalled;
    private final long keepaliveMillis;
    private Thread keepalive;
    private volatile boolean stopping;
    private long startNanos;
    private long endNanos;

    Stall(Clients clients, List<Subscriber> stalled, double keepaliveSeconds) {
        this.clients = clients;
        this.stalled = List.copyOf(stalled);
        this.keepaliveMillis = (long) (keepaliveSeconds * 1000);
    }

    /** Stops them reading; returns once none reads any more. */
    void start() {
        for (Subscriber subscriber : stalled) {
            clients.reading(subscriber, false);
        }
        startNanos = System.nanoTime();
        if (keepaliveMillis > 0) {
            keepalive = new Thread(this::keepAlive, "bench-stall-keepalive");
            keepalive.setDaemon(true);
            keepalive.start();
        }
    }

    private void keepAlive() {
        while (!stopping) {
            try {
                Thread.sleep(keepaliveMillis);
                for (Subscriber subscriber : stalled) {
                    clients.send(subscriber, Subscriber.PONG);
                }
            } catch (InterruptedException | IllegalStateException e) {
                if (!stopping) { // a send that failed for another reason than the stall's end
                    throw new IllegalStateException("stalled connections' keepalive", e);
                }
            }
        }
    }

    /** They read again (what waited first). */
    void end() {
        if (startNanos == 0 || endNanos != 0) {
            return;
        }
        if (keepalive != null) {
            stopping = true;
            keepalive.interrupt();
            try {
                keepalive.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Subscriber subscriber : stalled) {
            clients.reading(subscriber, true);
        }
        endNanos = System.nanoTime();
    }

    double seconds() {
        return ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
    }

    /**
     * What the kernel holds for each of them now, in bytes (from {@code /proc/net/tcp}): {@code [0]}
     * the server's send queue to it, {@code [1]} its own receive queue; both 0 once it is gone.
     */
    Map<Subscriber, long[]> kernelBytes(int serverPort) {
        Map<Long, long[]> queues = Proc.tcpQueues();
        Map<Subscriber, long[]> held = new LinkedHashMap<>();
        for (Subscriber subscriber : stalled) {
            long[] server = queues.get(Proc.portPair(serverPort, subscriber.localPort));
            long[] client = queues.get(Proc.portPair(subscriber.localPort, serverPort));
            held.put(subscriber, new long[] {server == null ? 0 : server[0], client == null ? 0 : client[1]});
        }
        return held;
    }

    /** {@link #kernelBytes} summed over them: {@code [0]} the server's send queues, {@code [1]} theirs. */
    static long[] sum(Map<Subscriber, long[]> held) {
        long[] sum = new long[2];
        for (long[] one : held.values()) {
            sum[0] += one[0];
            sum[1] += one[1];
        }
        return sum;
    }

    @Override
    public void close() {
        end();
    }
}
