package io.jobsgateway.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.rooms.Selector;
import jakarta.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestParserTest {

    @Test
    void subscribeToAJobSinceASeqWithAnId() throws BadRequest {
        Request.Subscribe subscribe = (Request.Subscribe) RequestParser.parse(
                "{\"type\":\"subscribe\",\"jobId\":\"J-1.a:b_c\",\"since\":7,\"id\":\"r1\"}");
        assertEquals("J-1.a:b_c", subscribe.selector().jobId());
        assertEquals(7L, subscribe.since());
        assertEquals(Json.createValue("r1"), subscribe.id());
    }

    @Test
    void eachSelectorAndTheDefaults() throws BadRequest {
        assertEquals(new Selector(null, null, false),
                ((Request.Subscribe) RequestParser.parse("{\"type\":\"subscribe\"}")).selector());
        assertEquals(new Selector(null, "bob", false),
                ((Request.Unsubscribe) RequestParser.parse("{\"type\":\"unsubscribe\",\"userId\":\"bob\"}")).selector());
        assertTrue(((Request.Subscribe) RequestParser.parse("{\"type\":\"subscribe\",\"all\":true,\"id\":3}")).selector().all());
        Request.History history = (Request.History) RequestParser.parse("{\"type\":\"history\",\"jobId\":\"j\"}");
        assertEquals(100, history.limit());
        assertNull(history.id());
        assertTrue(RequestParser.parse("{\"type\":\"pong\"}") instanceof Request.Pong);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json", "[1,2]", "\"text\"", "{}", "{\"type\":5}", "{\"type\":\"dance\"}",
        "{\"type\":\"subscribe\",\"jobId\":5}", "{\"type\":\"subscribe\",\"jobId\":\"\"}",
        "{\"type\":\"subscribe\",\"jobId\":\"has space\"}", "{\"type\":\"subscribe\",\"jobId\":\"a/b\"}",
        "{\"type\":\"subscribe\",\"userId\":\"\"}", "{\"type\":\"subscribe\",\"userId\":[\"x\"]}",
        "{\"type\":\"subscribe\",\"all\":\"yes\"}", "{\"type\":\"subscribe\",\"jobId\":\"j\",\"since\":\"3\"}",
        "{\"type\":\"subscribe\",\"jobId\":\"j\",\"since\":-1}", "{\"type\":\"subscribe\",\"jobId\":\"j\",\"since\":1.5}",
        "{\"type\":\"subscribe\",\"since\":1}", "{\"type\":\"subscribe\",\"jobId\":\"j\",\"userId\":\"u\"}",
        "{\"type\":\"history\"}", "{\"type\":\"history\",\"jobId\":\"j\",\"limit\":0}",
        "{\"type\":\"history\",\"jobId\":\"j\",\"limit\":\"5\"}", "{\"type\":\"pong\",\"id\":{}}"
    })
    void everyMalformedRequestIsABadRequest(String text) {
        assertThrows(BadRequest.class, () -> RequestParser.parse(text));
    }

    @Test
    void idsOf128CharactersPassAnd129Fail() throws BadRequest {
        String ok = "a".repeat(128);
        assertEquals(ok, ((Request.Subscribe) RequestParser.parse(
                "{\"type\":\"subscribe\",\"jobId\":\"" + ok + "\"}")).selector().jobId());
        assertThrows(BadRequest.class, () -> RequestParser.parse("{\"type\":\"subscribe\",\"jobId\":\"" + ok + "a\"}"));
    }

    @Test
    void aBadRequestEchoesTheIdWhenItCouldBeRead() {
        BadRequest e = assertThrows(BadRequest.class,
                () -> RequestParser.parse("{\"type\":\"subscribe\",\"jobId\":\"\",\"id\":42}"));
        assertEquals(Json.createValue(42), e.id());
    }

    @Test
    void hostileFramesAreBadRequestsNotCrashes() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        String hugeSince = "{\"type\":\"subscribe\",\"jobId\":\"j\",\"since\":" + "9".repeat(5_000) + "}";
        String hugeLimit = "{\"type\":\"history\",\"jobId\":\"j\",\"limit\":1" + "0".repeat(5_000) + "}";
        for (String frame : new String[] {deep, "{\"type\":\"pong\",\"x\":" + deep + "}", hugeSince, hugeLimit,
                "{\"type\":\"subscribe\"}garbage", "{\"type\":\"subscribe\"} {}", "{\"type\":\"subscribe\",\"jobId\":\"j\",\"since\":1e2}"}) {
            assertThrows(BadRequest.class, () -> RequestParser.parse(frame), frame.substring(0, Math.min(60, frame.length())));
        }
    }
}
