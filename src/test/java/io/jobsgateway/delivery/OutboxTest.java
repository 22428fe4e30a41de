package io.jobsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private final FakeSender sender = new FakeSender();
    private final AtomicInteger overflows = new AtomicInteger();
    private final Outbox outbox = new Outbox(sender::send, 3, 1_000_000, overflows::incrementAndGet, cause -> { });

    @Test
    void sendsInOrderWhenSendsCompleteInlineEvenForALongRun() {
        Outbox big = new Outbox(sender::send, 100_000, Long.MAX_VALUE, overflows::incrementAndGet, cause -> { });
        IntStream.range(0, 50_000).forEach(i -> big.offer("m" + i));
        assertEquals(50_000, sender.sent.size());
        assertEquals("m49999", sender.sent.get(49_999));
    }

    @Test
    void oneFrameInFlightAndTheRestWaitInOrder() {
        sender.holding = true;
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        assertEquals(List.of("a"), sender.sent);
        assertEquals(2, outbox.waiting());

        sender.completeOne();
        sender.completeOne();
        sender.completeOne();
        assertEquals(List.of("a", "b", "c"), sender.sent);
        assertEquals(0, sender.pendingCount());
    }

    @Test
    void pastTheLimitItGivesUpOnceAndSendsNothingMore() {
        sender.holding = true;
        outbox.offer("in-flight");
        outbox.offer("1");
        outbox.offer("2");
        outbox.offer("3");
        assertEquals(0, overflows.get(), "three may wait");

        outbox.offer("4");
        outbox.offer("5");
        assertEquals(0, overflows.get(), "the close waits for the frame in flight");
        sender.completeOne();
        assertEquals(1, overflows.get());
        assertEquals(List.of("in-flight"), sender.sent, "what waited is dropped");
        outbox.offer("6");
        assertEquals(1, overflows.get(), "once");
    }

    @Test
    void aFailedSendStopsTheOutbox() {
        AtomicInteger failures = new AtomicInteger();
        Outbox failing = new Outbox((text, done) -> done.accept(new java.io.IOException("gone")),
                10, 1_000_000, overflows::incrementAndGet, cause -> failures.incrementAndGet());
        failing.offer("a");
        failing.offer("b");
        assertEquals(1, failures.get());
    }

    @Test
    void pastItsByteLimitTheOutboxOverflowsButOneLargeMessageMayWait() {
        sender.holding = true;
        Outbox weighed = new Outbox(sender::send, 1000, 10, overflows::incrementAndGet, cause -> { });
        weighed.offer("in flight");
        weighed.offer("a large history reply"); // alone it waits, whatever its size
        assertEquals(0, overflows.get());
        weighed.offer("x");
        assertEquals(0, overflows.get(), "the overflow waits for the frame in flight");

        sender.completeOne();
        assertEquals(1, overflows.get(), "21 + 1 characters waiting, over 10");
        assertEquals(List.of("in flight"), sender.sent, "what waited was dropped");
    }
}
