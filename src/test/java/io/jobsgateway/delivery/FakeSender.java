package io.jobsgateway.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Records what a connection sends; completes each send inline, or later when {@code holding}. */
public final class FakeSender implements Transport {

    public final List<String> sent = new ArrayList<>();
    private final List<Consumer<Throwable>> pending = new ArrayList<>();
    boolean holding;

    @Override
    public String name() {
        return "websocket";
    }

    /** How many messages each send carried. */
    public final List<Integer> batches = new ArrayList<>();

    @Override
    public synchronized void send(List<Outgoing> messages, Consumer<Throwable> done) {
        messages.forEach(message -> sent.add(message.text()));
        batches.add(messages.size());
        if (holding) {
            pending.add(done);
        } else {
            done.accept(null);
        }
    }

    public final List<Integer> closes = new ArrayList<>();

    @Override
    public synchronized void close(int code, String reason) {
        closes.add(code);
    }

    @Override
    public void overflowed(Connection connection) {
    }

    @Override
    public void failed(Throwable cause) {
    }

    /** Completes the oldest held send, as a container thread would later. */
    void completeOne() {
        Consumer<Throwable> done;
        synchronized (this) {
            done = pending.remove(0);
        }
        done.accept(null);
    }

    synchronized int pendingCount() {
        return pending.size();
    }
}
