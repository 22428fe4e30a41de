package io.jobsgateway.demo;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * Stands for the database of the demo import: it takes {@code chunkMillis} per chunk, so that a
 * person can watch the progress bar move.
 */
@Dependent // a bean-defining annotation: beans.xml discovers annotated beans only
@Named("demoCsvWriter")
public class CsvRowWriter extends AbstractItemWriter {

    static final String CHUNK_MILLIS = "chunkMillis";

    @Inject
    @BatchProperty(name = CHUNK_MILLIS)
    String chunkMillis;

    @Override
    public void writeItems(List<Object> rows) throws InterruptedException {
        long millis = chunkMillis == null || chunkMillis.isBlank() ? 0 : Long.parseLong(chunkMillis.trim());
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
