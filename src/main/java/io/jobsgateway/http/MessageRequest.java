package io.jobsgateway.http;

import io.jobsgateway.api.Identifiers;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/messages}, each field checked as it is read. */
@Schema(name = MessageRequest.SCHEMA, requiredProperties = "event", description = "A message to connected clients")
record MessageRequest(
        @Schema(minLength = 1, maxLength = MessageRequest.MAX_EVENT_NAME,
                description = "The message's name, as the receivers get it in event") String event,
        @Schema(type = SchemaType.OBJECT, defaultValue = "{}", description = "What the receivers get in data")
        JsonObject data,
        @Schema(pattern = "^" + Identifiers.PATTERN + "$", description = "Only to this user's connections of the"
                + " key's client; a key bound to a user messages only its own") String userId) {

    static final String SCHEMA = "MessageRequest";
    static final int MAX_EVENT_NAME = 128;

    /** Reads and checks the body: 400 for a field that is missing or of the wrong kind. */
    static MessageRequest read(JsonBody body) {
        String event = body.string("event");
        if (event == null || event.length() > MAX_EVENT_NAME) {
            throw ApiError.badRequest("event must be a string of 1 to " + MAX_EVENT_NAME + " characters");
        }
        String userId = body.id("userId");
        return new MessageRequest(event, body.object("data"), userId);
    }
}
