package io.jobsgateway.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateWindowTest {

    @Test
    void pastTheLimitRefusesAndAtFiveTimesItCloses() {
        RateWindow window = new RateWindow(2, 0);
        assertEquals(RateWindow.Verdict.ADMIT, window.record(1));
        assertEquals(RateWindow.Verdict.ADMIT, window.record(2));
        for (int i = 3; i <= 10; i++) {
            assertEquals(RateWindow.Verdict.REFUSE, window.record(i), "message " + i);
        }
        assertEquals(RateWindow.Verdict.CLOSE, window.record(11));
    }

    @Test
    void aNewSecondStartsAfresh() {
        RateWindow window = new RateWindow(1, 0);
        window.record(0);
        assertEquals(RateWindow.Verdict.REFUSE, window.record(10));
        assertEquals(RateWindow.Verdict.ADMIT, window.record(1_000_000_000L));
    }
}
