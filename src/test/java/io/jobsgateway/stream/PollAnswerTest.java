package io.jobsgateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.wire.JobEventParts.Place;
import io.jobsgateway.wire.WireFormat;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A poll's answer, assembled by hand, is exactly what its documented record describes. */
class PollAnswerTest {

    @Test
    void aPollAnswerReadsBackIntoItsRecordAndWritesTheSameBytes() {
        WireFormat wire = new WireFormat();
        Jsonb jsonb = JsonbBuilder.create();
        String event = wire.jobEventParts(JobEvent.started("j-1")).assemble(3, "2d6opwg5", "acme", null);
        // one job per answer: JSON-B reads a map back in an order of its own, and a job's entries are one each
        List<String> answers = List.of(
                PollResource.Answer.json(List.of(event), Map.of("j-1", new Place("j-1", 3, "2d6opwg5")), Map.of("j-1", true)),
                PollResource.Answer.json(List.of(), Map.of("j-2", new Place("j-2", 0, null)), Map.of("j-2", false)));
        for (String json : answers) {
            assertEquals(json, jsonb.toJson(jsonb.fromJson(json, PollResource.Answer.class)));
        }
    }
}
