package io.jobsgateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jobsgateway.wire.JobEventParts.Place;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResumeTokenTest {

    @Test
    void aTokenNamesEveryJobOnceAndReadsBackAsWritten() throws BadStreamRequest {
        List<Place> places = List.of(new Place("report:42.b", 7, "2d6opwg5"), new Place("j-2", 0, null));
        String token = ResumeToken.format(places);
        assertEquals("2d6opwg5.7.report:42.b,.0.j-2", token, "a job id's own dots and colons stay as they are");
        assertEquals(Map.of("report:42.b", places.get(0), "j-2", places.get(1)), ResumeToken.parse(token));
    }

    @Test
    void noTokenNamesNoJob() throws BadStreamRequest {
        assertEquals(Map.of(), ResumeToken.parse(null));
        assertEquals(Map.of(), ResumeToken.parse(" "));
    }

    @Test
    void refusesWhatItDidNotWrite() {
        for (String bad : List.of("garbage", "e.x.j", "e.1.", "e.1.a b", "e.1.j,", "e..j", "e.1234567890123456789.j")) {
            assertThrows(BadStreamRequest.class, () -> ResumeToken.parse(bad), bad);
        }
    }
}
