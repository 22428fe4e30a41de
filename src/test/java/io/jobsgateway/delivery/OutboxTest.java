package io.jobsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobsgateway.ops.DeliveryMeters;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private final FakeSender sender = new FakeSender();
    private final AtomicInteger overflows = new AtomicInteger();
    private final Outbox outbox = new Outbox(sender::send, 3, 1_000_000, overflows::incrementAndGet, cause -> { }, DeliveryMeters.unregistered());

    @Test
    void sendsInOrderWhenSendsCompleteInlineEvenForALongRun() {
        Outbox big = new Outbox(sender::send, 100_000, Long.MAX_VALUE, overflows::incrementAndGet, cause -> { }, DeliveryMeters.unregistered());
        IntStream.range(0, 50_000).forEach(i -> big.offer(text("m" + i)));
        assertEquals(50_000, sender.sent.size());
        assertEquals("m49999", sender.sent.get(49_999));
    }

    @Test
    void oneSendInFlightAndWhatWaitedMeanwhileGoesOutTogetherInOrder() {
        sender.holding = true;
        outbox.offer(text("a"));
        outbox.offer(text("b"));
        outbox.offer(text("c"));
        assertEquals(List.of("a"), sender.sent);
        assertEquals(2, outbox.waiting());

        sender.completeOne();
        assertEquals(List.of("a", "b", "c"), sender.sent);
        assertEquals(List.of(1, 2), sender.batches, "b and c in one send");
        sender.completeOne();
        assertEquals(0, sender.pendingCount());
    }

    @Test
    void aBatchHoldsAtMostItsCountOfMessagesAndItsCharactersButAlwaysOne() {
        sender.holding = true;
        Outbox big = new Outbox(sender::send, 1000, Long.MAX_VALUE, overflows::incrementAndGet, cause -> { }, DeliveryMeters.unregistered());
        big.offer(text("in flight"));
        IntStream.range(0, Outbox.BATCH_MESSAGES + 1).forEach(i -> big.offer(text("m" + i)));
        String large = "x".repeat(Outbox.BATCH_CHARS + 1);
        big.offer(text(large));
        completeAll();
        assertEquals(List.of(1, Outbox.BATCH_MESSAGES, 1, 1), sender.batches,
                "64 together, the 65th alone (the large one would not fit beside it), the large one alone");
        assertEquals(large, sender.sent.get(sender.sent.size() - 1));
    }

    @Test
    void pastTheLimitItGivesUpOnceAndSendsNothingMore() {
        sender.holding = true;
        outbox.offer(text("in-flight"));
        outbox.offer(text("1"));
        outbox.offer(text("2"));
        outbox.offer(text("3"));
        assertEquals(0, overflows.get(), "three may wait");

        outbox.offer(text("4"));
        outbox.offer(text("5"));
        assertEquals(0, overflows.get(), "the close waits for the frame in flight");
        sender.completeOne();
        assertEquals(1, overflows.get());
        assertEquals(List.of("in-flight"), sender.sent, "what waited is dropped");
        outbox.offer(text("6"));
        assertEquals(1, overflows.get(), "once");
    }

    @Test
    void aFailedSendStopsTheOutbox() {
        AtomicInteger failures = new AtomicInteger();
        Outbox failing = new Outbox((text, done) -> done.accept(new java.io.IOException("gone")),
                10, 1_000_000, overflows::incrementAndGet, cause -> failures.incrementAndGet(), DeliveryMeters.unregistered());
        failing.offer(text("a"));
        failing.offer(text("b"));
        assertEquals(1, failures.get());
    }

    @Test
    void pastItsByteLimitTheOutboxOverflowsButOneLargeMessageMayWait() {
        sender.holding = true;
        Outbox weighed = new Outbox(sender::send, 1000, 10, overflows::incrementAndGet, cause -> { }, DeliveryMeters.unregistered());
        weighed.offer(text("in flight"));
        weighed.offer(text("a large history reply")); // alone it waits, whatever its size
        assertEquals(0, overflows.get());
        weighed.offer(text("x"));
        assertEquals(0, overflows.get(), "the overflow waits for the frame in flight");

        sender.completeOne();
        assertEquals(1, overflows.get(), "21 + 1 characters waiting, over 10");
        assertEquals(List.of("in flight"), sender.sent, "what waited was dropped");
    }

    private static Outgoing text(String text) {
        return new Outgoing(text);
    }

    private void completeAll() {
        while (sender.pendingCount() > 0) {
            sender.completeOne();
        }
    }

    private static String progress(String job, int seq) {
        return "{\"type\":\"job.progress\",\"jobId\":\"" + job + "\",\"seq\":" + seq + "}";
    }

    private static String updated(String job, int seq) {
        return "{\"type\":\"job.updated\",\"jobId\":\"" + job + "\",\"seq\":" + seq + "}";
    }

    @Test
    void aSlowReaderGetsTheLatestProgressAndEveryLifecycleEventInOrder() {
        sender.holding = true;
        Outbox slow = new Outbox(sender::send, 8, 1_000_000, overflows::incrementAndGet, cause -> { }, DeliveryMeters.unregistered());
        slow.offer(text("in flight"));
        for (int i = 0; i < 4; i++) {
            slow.offer(text("filler " + i)); // four wait: half the limit, not more
        }
        slow.offerEvent("j", text(progress("j", 1)), 0);
        slow.offerEvent("j", text(progress("j", 2)), 0); // more than half waits now: 2 takes 1's place
        slow.offerEvent("j", text(progress("j", 3)), 0);
        slow.offerEvent("j", text(updated("j", 4)), 0); // never replaced
        slow.offerEvent("j", text(progress("j", 5)), 0); // behind a lifecycle event: queued, not merged into 3
        slow.offerEvent("k", text(progress("k", 1)), 0);

        completeAll();
        assertEquals(List.of("in flight", "filler 0", "filler 1", "filler 2", "filler 3",
                progress("j", 3).replace("}", ",\"replaced\":2}"), updated("j", 4), progress("j", 5), progress("k", 1)),
                sender.sent);
        assertEquals(0, overflows.get(), "no close while progress could be replaced");
    }

    @Test
    void belowHalfTheLimitNothingIsReplaced() {
        sender.holding = true;
        Outbox roomy = new Outbox(sender::send, 100, 1_000_000, overflows::incrementAndGet, cause -> { }, DeliveryMeters.unregistered());
        roomy.offer(text("in flight"));
        roomy.offerEvent("j", text(progress("j", 1)), 0);
        roomy.offerEvent("j", text(progress("j", 2)), 0);
        completeAll();
        assertEquals(List.of("in flight", progress("j", 1), progress("j", 2)), sender.sent);
    }
}
