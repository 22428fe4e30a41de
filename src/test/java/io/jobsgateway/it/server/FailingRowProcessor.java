package io.jobsgateway.it.server;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * A processor that lets every row through up to {@code failAtLine}, where it throws what the job
 * neither skips nor retries: the batch job fails there ({@code test-failing-import.xml}).
 */
@Dependent
@Named("testFailingProcessor")
public class FailingRowProcessor implements ItemProcessor {

    @Inject
    @BatchProperty(name = "failAtLine")
    String failAtLine;

    @Override
    public Object processItem(Object item) {
        String line = item.toString().replaceAll(".*line=(\\d+).*", "$1");
        if (line.equals(failAtLine)) {
            throw new IllegalStateException("line " + line + ": the ledger refused it");
        }
        return item;
    }
}
