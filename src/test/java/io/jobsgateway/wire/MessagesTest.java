package io.jobsgateway.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import io.jobsgateway.wire.Messages.JobEventMessage;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;

/** The records that describe JSON the code assembles by hand describe exactly those bytes. */
class MessagesTest {

    private final WireFormat wire = new WireFormat();
    private final Jsonb jsonb = JsonbBuilder.create();

    @Test
    void aJobEventReadsBackIntoItsRecordAndWritesTheSameBytes() {
        JobEvent progress = JobEvent.progress("report-42", 50, "Executing \"action\" 2 of 4: click", "click");
        JobEventParts parts = wire.jobEventParts(progress);
        List<String> events = List.of(
                parts.assemble(7, "2d6opwg5", "acme", "alice"),
                parts.assemble(8, "2d6opwg5", "acme", null),
                wire.jobEventParts(JobEvent.completed("report-42", Map.of("pages", 10), List.of("a.pdf")))
                        .assemble(9, "2d6opwg5", "acme", null),
                // a slow reader's stand-in, as delivery.Outbox writes it
                withReplaced(parts.assemble(12, "2d6opwg5", "acme", "alice"), 3));
        for (String json : events) {
            assertEquals(json, jsonb.toJson(jsonb.fromJson(json, JobEventMessage.class)));
        }
    }

    @Test
    void theDocumentedTypesAreTheEventTypes() throws NoSuchFieldException {
        Schema type = JobEventMessage.class.getDeclaredField("type").getAnnotation(Schema.class);
        assertEquals(Arrays.stream(JobEventType.values()).map(JobEventType::wireName).toList(), List.of(type.enumeration()));
    }

    private static String withReplaced(String json, int replaced) {
        return json.substring(0, json.length() - 1) + ",\"replaced\":" + replaced + "}";
    }
}
