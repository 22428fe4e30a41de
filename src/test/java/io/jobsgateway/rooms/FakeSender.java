package io.jobsgateway.rooms;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.ArrayList;
import java.util.List;

/** Records what an outbox sends; completes each send inline, or later when {@code holding}. */
final class FakeSender implements Outbox.TextSender {

    final List<String> sent = new ArrayList<>();
    private final List<SendHandler> pending = new ArrayList<>();
    boolean holding;

    @Override
    public synchronized void send(String text, SendHandler done) {
        sent.add(text);
        if (holding) {
            pending.add(done);
        } else {
            done.onResult(new SendResult());
        }
    }

    /** Completes the oldest held send, as a container thread would later. */
    void completeOne() {
        SendHandler done;
        synchronized (this) {
            done = pending.remove(0);
        }
        done.onResult(new SendResult());
    }

    synchronized int pendingCount() {
        return pending.size();
    }
}
