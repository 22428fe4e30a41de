package io.jobsgateway.quirks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadAcknowledgementsTest {

    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final ReadAcknowledgements unread = new ReadAcknowledgements(1000, 10, pings::incrementAndGet);

    @Test
    void sendsCompleteAtOnceWithinTheWindowAndAPingGoesOutAtHalfOfIt() {
        for (int i = 0; i < 4; i++) {
            unread.sent(10, 1, completed::incrementAndGet);
        }
        assertEquals(4, completed.get());
        assertEquals(0, pings.get());
        unread.sent(10, 1, completed::incrementAndGet); // 5 of 10 messages
        assertEquals(1, pings.get());
        unread.sent(10, 1, completed::incrementAndGet);
        assertEquals(1, pings.get(), "one ping out at a time");
        assertEquals(6, completed.get());
    }

    @Test
    void pastTheWindowASendCompletesOnlyOnceTheClientReadEnough() {
        for (int i = 0; i < 10; i++) {
            unread.sent(10, 1, completed::incrementAndGet);
        }
        assertEquals(10, completed.get(), "ten messages: the window, still complete");
        unread.sent(10, 1, completed::incrementAndGet);
        assertEquals(10, completed.get(), "the eleventh waits for the client");
        unread.acknowledged(); // it read the five before the ping
        assertEquals(11, completed.get());
        assertEquals(2, pings.get(), "six still unread: past half again, so a new ping");
    }

    @Test
    void bytesCountToo() {
        unread.sent(600, 1, completed::incrementAndGet);
        assertEquals(1, pings.get());
        unread.sent(600, 1, completed::incrementAndGet);
        assertEquals(1, completed.get(), "1200 bytes unread: over 1000");
        unread.acknowledged();
        assertEquals(2, completed.get());
    }

    @Test
    void aWriteOfSeveralMessagesCountsEachOfThem() {
        unread.sent(50, 10, completed::incrementAndGet);
        assertEquals(1, pings.get(), "ten messages in one write: past half the window");
        unread.sent(10, 1, completed::incrementAndGet);
        assertEquals(1, completed.get(), "the eleventh message waits for the client");
    }

    @Test
    void aPongWithNoPingOutChangesNothing() {
        unread.acknowledged();
        unread.sent(10, 1, completed::incrementAndGet);
        assertEquals(1, completed.get());
        assertEquals(0, pings.get());
    }
}
