package io.jobsgateway.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressRateTest {

    @Test
    void theFirstProgressAfterTheStartHasTheRateSinceTheStart() {
        ProgressRate rate = ProgressRate.next(ProgressRate.startedAt(0), 10, 2000);

        assertEquals(5, rate.rate(), 1e-9, "10 % in 2 s");
        assertEquals(",\"etaSeconds\":18,\"ratePerSecond\":5", rate.fields(10));
    }

    @Test
    void aSteadyJobKeepsItsRateAndItsEtaCountsDown() {
        ProgressRate rate = ProgressRate.startedAt(0);
        for (int percent = 2; percent <= 60; percent += 2) {
            rate = ProgressRate.next(rate, percent, percent * 250L); // 4 %/s
        }
        assertEquals(4, rate.rate(), 1e-9);
        assertEquals(",\"etaSeconds\":10,\"ratePerSecond\":4", rate.fields(60));
    }

    @Test
    void aChangeOfPaceMovesTheRateByTheTimeItLastedNotByTheEventsItTook() {
        ProgressRate before = ProgressRate.next(ProgressRate.startedAt(0), 10, 10_000); // 1 %/s
        // 5 s at 3 %/s, in one event or in fifty: the same estimate
        ProgressRate once = ProgressRate.next(before, 25, 15_000);
        ProgressRate often = before;
        for (int i = 1; i <= 50; i++) {
            often = ProgressRate.next(often, 10 + 0.3 * i, 10_000 + 100L * i);
        }
        double expected = 1 + (1 - Math.exp(-1)) * (3 - 1);
        assertEquals(expected, once.rate(), 1e-9);
        assertEquals(expected, often.rate(), 1e-6);
    }

    @Test
    void eventsAtTheSameInstantFoldIntoTheNextSample() {
        ProgressRate start = ProgressRate.startedAt(1000);
        assertSame(start, ProgressRate.next(start, 50, 1000), "no time passed: nothing to measure yet");
        assertEquals("", start.fields(50), "no estimate yet: no fields");
        assertEquals(25, ProgressRate.next(start, 50, 3000).rate(), 1e-9);
    }

    @Test
    void aJobThatGoesBackStartsItsEstimateAgain() {
        ProgressRate fast = ProgressRate.next(ProgressRate.startedAt(0), 90, 1000);
        ProgressRate again = ProgressRate.next(fast, 5, 2000);

        assertTrue(Double.isNaN(again.rate()));
        assertEquals(2, ProgressRate.next(again, 7, 3000).rate(), 1e-9, "measured from the new phase only");
    }

    @Test
    void aJobThatStandsStillHasNoEtaAndAFinishedOneHasNone() {
        ProgressRate stands = ProgressRate.next(ProgressRate.startedAt(0), 0, 5000);
        assertEquals(",\"ratePerSecond\":0", stands.fields(0));
        ProgressRate done = ProgressRate.next(ProgressRate.startedAt(0), 100, 8000);
        assertEquals(",\"etaSeconds\":0,\"ratePerSecond\":12.5", done.fields(100));
        assertEquals(",\"etaSeconds\":2970,\"ratePerSecond\":0.033",
                ProgressRate.next(ProgressRate.startedAt(0), 1, 30_000).fields(1), "slow jobs keep three decimals");
        assertEquals(",\"ratePerSecond\":0", ProgressRate.next(ProgressRate.startedAt(0), 1e-9, 1_000_000).fields(1e-9),
                "no end in sight: over 31 years left is no ETA");
    }

    @Test
    void withoutAStartTheFirstProgressIsTheBaseline() {
        ProgressRate first = ProgressRate.next(null, 40, 1000);
        assertEquals("", first.fields(40));
        assertEquals(10, ProgressRate.next(first, 50, 2000).rate(), 1e-9);
    }
}
