package io.jobsgateway.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequencerTest {

    /** A job's history as Redis holds it. */
    private final Map<String, List<StoredEvent>> stored = new HashMap<>();
    private final Sequencer sequencer = new Sequencer(new StoredHistory() {
        public List<StoredEvent> storedAfter(String jobId, long afterSeq) {
            return stored.getOrDefault(jobId, List.of()).stream().filter(e -> e.seq() > afterSeq).toList();
        }

        public Map<String, Long> currentSeqs(List<String> jobIds) {
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
        assertEquals(List.of(1L), seqs(sequencer.arrived(publish("j"), 0)));
        assertEquals(List.of(2L), seqs(sequencer.arrived(publish("j"), 0)));
    }

    @Test
    void aGapIsFilledFromHistoryAndTheFilledEventsAreNotDeliveredTwice() {
        StoredEvent first = publish("j");
        StoredEvent lost2 = publish("j");
        StoredEvent lost3 = publish("j");
        StoredEvent fourth = publish("j");
        sequencer.arrived(first, 0);

        assertEquals(List.of(2L, 3L, 4L), seqs(sequencer.arrived(fourth, 0)));
        assertEquals(List.of(), sequencer.arrived(lost2, 0), "late duplicates are dropped");
        assertEquals(List.of(), sequencer.arrived(lost3, 0));
    }

    @Test
    void afterAnOutageRecentJobsCatchUpOnEventsThatNeverArrived() {
        sequencer.arrived(publish("recent"), 100);
        sequencer.arrived(publish("old"), 1);
        publish("recent");
        publish("recent");
        publish("old");

        assertEquals(List.of(2L, 3L), seqs(sequencer.catchUp(50, 200)), "only jobs active since the window");
        assertEquals(List.of(), sequencer.arrived(stored.get("recent").get(2), 200), "not delivered twice");
    }

    @Test
    void aJobWhoseSeqStartsAgainInANewEpochIsDeliveredFromItsStart() {
        for (int i = 0; i < 5; i++) {
            sequencer.arrived(publish("j"), 0);
        }
        stored.remove("j"); // Redis lost the job's keys: its seq starts again, in a new epoch
        StoredEvent restarted = new StoredEvent("j", 1, "e2", "acme", null, "j#1");
        StoredEvent lost = new StoredEvent("j", 2, "e2", "acme", null, "j#2");
        StoredEvent third = new StoredEvent("j", 3, "e2", "acme", null, "j#3");
        stored.put("j", new ArrayList<>(List.of(restarted, lost, third)));

        assertEquals(List.of(1L), seqs(sequencer.arrived(restarted, 0)), "not dropped as already delivered");
        assertEquals(List.of(2L, 3L), seqs(sequencer.arrived(third, 0)), "a gap in the new stream is filled too");
    }
}
