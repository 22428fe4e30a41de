package io.jobsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.access.Identity;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.ops.DeliveryMeters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LanesTest {

    private final ArrayDeque<Runnable> lane0 = new ArrayDeque<>();
    private final ArrayDeque<Runnable> lane1 = new ArrayDeque<>();
    private final Lanes lanes = new Lanes(lane0::add, lane1::add);

    private final List<FakeSender> senders = new ArrayList<>();
    private final List<Connection> receivers = IntStream.range(0, 20).mapToObj(i -> {
        FakeSender sender = new FakeSender();
        senders.add(sender);
        return new Connection("c" + i, new Identity("k", "acme", null, Set.of()), sender, 100, 1_000_000, 3, 0, DeliveryMeters.unregistered());
    }).toList();

    private static StoredEvent event(long seq) {
        return new StoredEvent("j1", seq, "e1", "acme", null, "j1#" + seq);
    }

    @Test
    void onePublisherCallIsOneTaskPerLaneAndNothingIsWrittenBeforeTheLanesRun() {
        lanes.deliver(event(1), receivers);
        assertEquals(1, lane0.size());
        assertEquals(1, lane1.size());
        senders.forEach(sender -> assertEquals(List.of(), sender.sent));

        lane0.poll().run();
        lane1.poll().run();
        senders.forEach(sender -> assertEquals(List.of("j1#1"), sender.sent));
    }

    @Test
    void eachReceiverGetsTheEventsInTheOrderTheyWereHandedOver() {
        for (long seq = 1; seq <= 5; seq++) {
            lanes.deliver(event(seq), receivers);
        }
        // the lanes run independently: all of lane 1 first, then lane 0
        lane1.forEach(Runnable::run);
        lane0.forEach(Runnable::run);
        senders.forEach(sender -> assertEquals(List.of("j1#1", "j1#2", "j1#3", "j1#4", "j1#5"), sender.sent));
    }

    @Test
    void aFullLaneMakesItsPublisherWaitAndLosesNothing() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Integer> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ThreadPoolExecutor lane = Lanes.lane(Thread::new, 2);
        lane.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add(0);
        });
        lane.execute(() -> ran.add(1));
        lane.execute(() -> ran.add(2)); // the lane holds two: it is full now

        Thread publisher = new Thread(() -> lane.execute(() -> ran.add(3)));
        publisher.start();
        publisher.join(300);
        assertTrue(publisher.isAlive(), "the publisher waits for room");

        release.countDown();
        publisher.join(5000);
        lane.shutdown();
        assertTrue(lane.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(List.of(0, 1, 2, 3), ran, "nothing dropped, nothing reordered");
    }
}
