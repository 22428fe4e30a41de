package io.jobsgateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import io.jobsgateway.wire.WireFormat;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;

/** The HTTP API's answers as the contract writes them, from the records the OpenAPI document describes. */
class AnswersTest {

    private final WireFormat wire = new WireFormat();
    private final Jsonb jsonb = JsonbBuilder.create();

    @Test
    void theAnswersAreTheContractsBytes() {
        assertEquals("{\"jobId\":\"report-42\",\"seq\":7}", wire.toJson(new JobEventsResource.Published("report-42", 7)));
        assertEquals("{}", wire.toJson(new MessagesResource.Accepted()));
        assertEquals("{\"ticket\":\"t-1_x\",\"expiresInSeconds\":30}", wire.toJson(new TicketsResource.Issued("t-1_x", 30)));
        assertEquals("{\"events\":[{\"jobId\":\"a\",\"seq\":1},{\"jobId\":\"b\",\"error\":\"forbidden\"}]}",
                wire.toJson(new EventBatchResource.Published(List.of(new EventBatchResource.Entry("a", 1L, null),
                        new EventBatchResource.Entry("b", null, "forbidden")))), "a batch's entries leave out what they lack");
    }

    @Test
    void anErrorIsWhatJsonBWritesOfItsRecord() {
        ApiError.Body body = new ApiError.Body("bad_request", "type must be \"job.created\", … or job.failed\n");
        assertEquals(jsonb.toJson(body), body.toJson());
    }

    @Test
    void aHistoryReadsBackIntoItsRecordAndWritesTheSameBytes() {
        String created = wire.jobEventParts(JobEvent.created("report-42")).assemble(1, "2d6opwg5", "acme", "alice");
        String progress = wire.jobEventParts(JobEvent.progress("report-42", 50, "half", "render"))
                .assemble(2, "2d6opwg5", "acme", null);
        for (List<String> events : List.of(List.<String>of(), List.of(created, progress))) {
            String json = wire.historyBody("report-42", events);
            assertEquals(json, jsonb.toJson(jsonb.fromJson(json, JobEventsResource.History.class)));
        }
    }

    @Test
    void theDocumentedTypesOfAPublishAreTheEventTypes() throws NoSuchFieldException {
        Schema type = EventRequest.class.getDeclaredField("type").getAnnotation(Schema.class);
        assertEquals(Arrays.stream(JobEventType.values()).map(JobEventType::wireName).toList(), List.of(type.enumeration()));
    }
}
