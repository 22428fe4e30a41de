package io.jobsgateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalAnswersTest {

    private final LocalAnswers answers = new LocalAnswers();
    private final Duration ttl = Duration.ofMinutes(10);

    @Test
    void theFirstClaimGoesOnARepeatWaitsThenGetsItsAnswer() {
        assertTrue(answers.claim("k:1", ttl).first());
        Answers.Claim inFlight = answers.claim("k:1", ttl);
        assertFalse(inFlight.first());
        assertEquals(null, inFlight.earlier(), "still being answered");

        answers.record("k:1", new Answers.Answer(202, "{\"seq\":1}"), ttl);
        assertEquals(new Answers.Answer(202, "{\"seq\":1}"), answers.claim("k:1", ttl).earlier());
        assertTrue(answers.claim("k:2", ttl).first(), "another key is another request");
    }

    @Test
    void aReleasedOrExpiredClaimLetsTheNextRequestGoOn() {
        answers.claim("k:1", ttl);
        answers.release("k:1");
        assertTrue(answers.claim("k:1", ttl).first());

        answers.record("k:2", new Answers.Answer(202, "{}"), Duration.ZERO);
        assertTrue(answers.claim("k:2", ttl).first(), "expired");
    }
}
