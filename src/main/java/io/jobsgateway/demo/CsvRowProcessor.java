package io.jobsgateway.demo;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Turns a CSV line into an imported row. A line whose amount is not a number throws
 * {@code NumberFormatException}, which the job XML skips; the line of {@link #flakyLine} throws
 * {@link TransientImportException} the first time only, which the job XML retries.
 */
@Dependent // a bean-defining annotation: beans.xml discovers annotated beans only
@Named("demoCsvProcessor")
public class CsvRowProcessor implements ItemProcessor {

    record ImportedRow(String id, String customer, BigDecimal amount) implements Serializable {
    }

    @Inject
    @BatchProperty(name = CsvRowReader.ROWS)
    String rows;
    @Inject
    StepContext stepContext;

    /** The data line that fails once: a third of the way in. */
    static int flakyLine(int rows) {
        return rows / 3 + 1;
    }

    @Override
    public Object processItem(Object item) throws Exception {
        CsvRowReader.CsvRow row = (CsvRowReader.CsvRow) item;
        String[] fields = row.text().split(",", -1);
        // The step's transient data outlives the chunk's rollback, so the retry gets through.
        if (row.line() == flakyLine(Integer.parseInt(rows)) && stepContext.getTransientUserData() == null) {
            stepContext.setTransientUserData(row.line());
            throw new TransientImportException("line " + row.line() + ": the ledger did not answer in time");
        }
        try {
            return new ImportedRow(fields[0], fields[1], new BigDecimal(fields[2]));
        } catch (NumberFormatException e) {
            throw new NumberFormatException("line " + row.line() + ": amount '" + fields[2] + "' is not a number");
        }
    }
}
