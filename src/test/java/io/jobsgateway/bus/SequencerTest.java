package io.jobsgateway.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequencerTest {

    /** A job's history as Redis holds it. */
    private final Map<String, List<StoredEvent>> stored = new HashMap<>();
    private boolean redisDown;
    private final Sequencer sequencer = new Sequencer(new StoredHistory() {
        public List<StoredEvent> storedAfter(String jobId, long afterSeq) {
            if (redisDown) {
                throw new IllegalStateException("Redis is down");
            }
            return stored.getOrDefault(jobId, List.of()).stream().filter(e -> e.seq() > afterSeq).toList();
        }

        public Map<String, Long> currentSeqs(List<String> jobIds) {
            if (redisDown) {
                throw new IllegalStateException("Redis is down");
            }
            Map<String, Long> seqs = new HashMap<>();
            jobIds.forEach(id -> seqs.put(id, (long) stored.getOrDefault(id, List.of()).size()));
            return seqs;
        }
    }, 1000);

    private StoredEvent publish(String jobId) {
        List<StoredEvent> events = stored.computeIfAbsent(jobId, id -> new ArrayList<>());
        StoredEvent event = new StoredEvent(jobId, events.size() + 1, "e1", "acme", null, jobId + "#" + (events.size() + 1));
        events.add(event);
        return event;
    }

    private static List<Long> seqs(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::seq).toList();
    }

    @Test
    void inOrderEventsPassOneByOne() {
        assertEquals(List.of(1L), seqs(sequencer.arrived(publish("j"))));
        assertEquals(List.of(2L), seqs(sequencer.arrived(publish("j"))));
    }

    @Test
    void aGapIsFilledFromHistoryAndTheFilledEventsAreNotDeliveredTwice() {
        StoredEvent first = publish("j");
        StoredEvent lost2 = publish("j");
        StoredEvent lost3 = publish("j");
        StoredEvent fourth = publish("j");
        sequencer.arrived(first);

        assertEquals(List.of(2L, 3L, 4L), seqs(sequencer.arrived(fourth)));
        assertEquals(List.of(), sequencer.arrived(lost2), "late duplicates are dropped");
        assertEquals(List.of(), sequencer.arrived(lost3));
    }

    @Test
    void afterAnOutageEveryJobCatchesUpOnEventsThatNeverArrived() {
        sequencer.arrived(publish("recent"));
        sequencer.arrived(publish("old"));
        publish("recent");
        publish("recent");
        publish("old");

        sequencer.catchUpEveryJob();
        assertEquals(List.of(2L, 3L, 2L), seqs(sequencer.catchUp()), "every job this node remembers, however long idle");
        assertFalse(sequencer.anyBehind());
        assertEquals(List.of(), sequencer.arrived(stored.get("recent").get(2)), "not delivered twice");
    }

    @Test
    void aGapThatCannotBeReadNowIsCaughtUpLaterNotLost() {
        StoredEvent first = publish("j");
        publish("j");
        StoredEvent third = publish("j");
        sequencer.arrived(first);
        redisDown = true;

        assertEquals(List.of(), sequencer.arrived(third), "held back: delivering it would skip 2");
        assertTrue(sequencer.anyBehind());
        assertEquals(List.of(), sequencer.catchUp(), "still down: it stays behind");
        assertTrue(sequencer.anyBehind());

        redisDown = false;
        assertEquals(List.of(2L, 3L), seqs(sequencer.catchUp()), "the event that found the gap included");
        assertFalse(sequencer.anyBehind());
    }

    @Test
    void aJobWhoseSeqStartsAgainInANewEpochIsDeliveredFromItsStart() {
        for (int i = 0; i < 5; i++) {
            sequencer.arrived(publish("j"));
        }
        stored.remove("j"); // Redis lost the job's keys: its seq starts again, in a new epoch
        StoredEvent restarted = new StoredEvent("j", 1, "e2", "acme", null, "j#1");
        StoredEvent lost = new StoredEvent("j", 2, "e2", "acme", null, "j#2");
        StoredEvent third = new StoredEvent("j", 3, "e2", "acme", null, "j#3");
        stored.put("j", new ArrayList<>(List.of(restarted, lost, third)));

        assertEquals(List.of(1L), seqs(sequencer.arrived(restarted)), "not dropped as already delivered");
        assertEquals(List.of(2L, 3L), seqs(sequencer.arrived(third)), "a gap in the new stream is filled too");
    }
}
