package io.jobsgateway.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class BatchParametersTest {

    private static Properties properties(String... namesAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void theJobIsTheExecutionByDefaultAndItsOwnerAParameter() {
        BatchJob job = BatchParameters.resolve("csv-import", 42, properties(BatchParameters.CLIENT_ID, "acme"), null).job();
        assertEquals(new BatchJob("batch-42", "acme", null, "csv-import", 42, null), job);
    }

    @Test
    void parametersWinOverTheJobXmlsProperties() {
        BatchJob job = BatchParameters.resolve("csv-import", 7,
                properties(BatchParameters.JOB_ID, "import-7", BatchParameters.USER_ID, "alice", BatchParameters.TOTAL, "2000"),
                properties(BatchParameters.CLIENT_ID, "acme", BatchParameters.USER_ID, "bob")).job();
        assertEquals(new BatchJob("import-7", "acme", "alice", "csv-import", 7, 2000L), job);
    }

    @Test
    void withoutAValidOwnerIdOrTotalTheExecutionReportsNothingAndSaysWhy() {
        assertTrue(BatchParameters.resolve("j", 1, properties(), properties()).problem().contains(BatchParameters.CLIENT_ID));
        assertTrue(BatchParameters.resolve("j", 1, properties(BatchParameters.CLIENT_ID, "a b"), null).problem()
                .startsWith(BatchParameters.CLIENT_ID + " must be"));
        assertTrue(BatchParameters.resolve("j", 1, properties(BatchParameters.CLIENT_ID, "acme", BatchParameters.JOB_ID, "x/y"), null)
                .problem().startsWith(BatchParameters.JOB_ID + " must be"));
        BatchParameters.Resolved badTotal = BatchParameters.resolve("j", 1,
                properties(BatchParameters.CLIENT_ID, "acme", BatchParameters.TOTAL, "lots"), null);
        assertNull(badTotal.job());
        assertTrue(badTotal.problem().startsWith(BatchParameters.TOTAL + " must be"), badTotal.problem());
    }
}
