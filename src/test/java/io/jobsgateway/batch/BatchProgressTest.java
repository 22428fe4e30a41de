package io.jobsgateway.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BatchProgressTest {

    @Test
    void aPercentageIsRoundedDownAndNeverPast100() {
        assertEquals(OptionalInt.of(0), BatchProgress.percent(0, 2000L));
        assertEquals(OptionalInt.of(33), BatchProgress.percent(667, 2000L));
        assertEquals(OptionalInt.of(99), BatchProgress.percent(1999, 2000L));
        assertEquals(OptionalInt.of(100), BatchProgress.percent(2000, 2000L));
        assertEquals(OptionalInt.of(100), BatchProgress.percent(2100, 2000L), "a retried chunk is read twice");
    }

    @Test
    void withoutATotalThereIsNoPercentage() {
        assertEquals(OptionalInt.empty(), BatchProgress.percent(500, null));
        assertEquals(OptionalInt.empty(), BatchProgress.percent(500, 0L));
    }

    @Test
    void aTotalIsAWholeNumberAboveZero() {
        assertEquals(2000L, BatchProgress.total(" 2000 "));
        assertNull(BatchProgress.total("0"));
        assertNull(BatchProgress.total("-3"));
        assertNull(BatchProgress.total("2k"));
        assertNull(BatchProgress.total(null));
    }

    @Test
    void aHintIsANumberOrAMapWithTheTotalsName() {
        assertEquals(300L, BatchProgress.hint(300));
        assertEquals(300L, BatchProgress.hint(300L));
        assertEquals(300L, BatchProgress.hint(Map.of(BatchParameters.TOTAL, 300, "other", "x")));
        assertNull(BatchProgress.hint(0));
        assertNull(BatchProgress.hint(2.5));
        assertNull(BatchProgress.hint("300"));
        assertNull(BatchProgress.hint(Map.of("total", 300)));
        assertNull(BatchProgress.hint(null));
    }

    @Test
    void theMessageSaysWhatTheStepDid() {
        ItemCounts counts = new ItemCounts(499, 1, 497, 3, 0, 5, 0);
        assertEquals("import: 500 of 2000 read, 497 written, 3 skipped", BatchProgress.message("import", counts, 2000L));
        assertEquals("import: 500 read, 497 written, 3 skipped", BatchProgress.message("import", counts, null));
        assertEquals("load: 10 read, 10 written",
                BatchProgress.message("load", new ItemCounts(10, 0, 10, 0, 0, 1, 0), null));
    }
}
