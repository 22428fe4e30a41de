package io.jobsgateway.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.bus.StoredEvent;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReplayTest {

    private static List<StoredEvent> stored(String epoch, long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(seq -> new StoredEvent("j", seq, epoch, "acme", null, "#" + seq)).toList();
    }

    @Test
    void aPositionOfTheCurrentStreamResumesAfterIt() {
        Replay replay = Replay.of(5, "e1", stored("e1", 1, 5), 3, "e1");
        assertTrue(replay.recovered());
        assertEquals(List.of(4L, 5L), replay.events().stream().map(StoredEvent::seq).toList());
        assertEquals(3, replay.position());
        assertTrue(Replay.of(5, "e1", stored("e1", 1, 5), 5, null).recovered(), "at the latest seq nothing is missing");
    }

    @Test
    void aPositionAboveTheCurrentSeqOrOfAnotherEpochGetsTheWholeCurrentStream() {
        for (Replay replay : List.of(Replay.of(2, "e2", stored("e2", 1, 2), 57, null),
                Replay.of(2, "e2", stored("e2", 1, 2), 1, "e1"))) {
            assertFalse(replay.recovered());
            assertEquals(List.of(1L, 2L), replay.events().stream().map(StoredEvent::seq).toList());
            assertEquals(0, replay.position(), "nothing of the new stream may be skipped");
            assertEquals("e2", replay.epoch());
        }
    }

    @Test
    void aJobWithNoStoredEventIsAtSeqZero() {
        Replay replay = Replay.unknownJob(57, null);
        assertFalse(replay.recovered());
        assertEquals(0, replay.position());
        assertTrue(Replay.unknownJob(0, null).recovered());
    }

    @Test
    void eventsOfAnOlderStreamStillStoredAreNotReplayed() {
        List<StoredEvent> mixed = new java.util.ArrayList<>(stored("old", 7, 9));
        mixed.addAll(stored("new", 1, 2));
        assertEquals(List.of("new", "new"), Replay.of(2, "new", mixed, 0, null).events().stream().map(StoredEvent::epoch).toList());
    }
}
