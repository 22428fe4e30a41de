package io.jobsgateway.wire;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.Timestamps;
import io.jobsgateway.quirks.JsonP;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.List;

/** Turns messages into the JSON text of one frame, with JSON-B; thread-safe. */
@ApplicationScoped
public class WireFormat {

    private final Jsonb jsonb = JsonbBuilder.create();

    public String toJson(Object message) {
        return jsonb.toJson(message);
    }

    /**
     * The parts of a job event's JSON that are known before its {@code seq}, epoch and owner are:
     * serialized once per publish, not once per receiver.
     */
    public JobEventParts jobEventParts(JobEvent event) {
        return new JobEventParts(
                "{\"type\":" + JsonP.quote(event.type().wireName()) + ",\"jobId\":" + JsonP.quote(event.jobId()) + ",\"seq\":",
                ",\"status\":" + JsonP.quote(event.status()) + ",\"timestamp\":" + JsonP.quote(Timestamps.format(event.timestamp())),
                ",\"data\":" + event.data() + "}");
    }

    /** The WebSocket reply {@code {"type":"history","jobId":J,"events":[...],"id":...}}. */
    public String history(String jobId, List<String> eventsJson, JsonValue id) {
        String withId = id == null ? "" : ",\"id\":" + id;
        return "{\"type\":\"history\"," + events(jobId, eventsJson) + withId + "}";
    }

    /** The HTTP answer {@code {"jobId":J,"events":[...]}}. */
    public String historyBody(String jobId, List<String> eventsJson) {
        return "{" + events(jobId, eventsJson) + "}";
    }

    // The events are already JSON: they are joined, not serialized again.
    private String events(String jobId, List<String> eventsJson) {
        return "\"jobId\":" + JsonP.quote(jobId) + ",\"events\":[" + String.join(",", eventsJson) + "]";
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            // nothing is left to release at shutdown
        }
    }
}
