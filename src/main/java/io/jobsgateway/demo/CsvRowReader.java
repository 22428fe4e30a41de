package io.jobsgateway.demo;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;

/**
 * Reads the demo import's CSV, which it makes in memory: a header, then {@code rows} lines of
 * {@code id,customer,amount}, one of which ({@link #badLine}) has an amount that is not a number.
 * Its checkpoint is the number of data lines read. It tells the gateway's listeners the job's total
 * through the job's transient user data, as a job that counts its input as it opens it would.
 */
@Dependent // a bean-defining annotation: beans.xml discovers annotated beans only
@Named("demoCsvReader")
public class CsvRowReader extends AbstractItemReader {

    /** The job parameter (and the reader's property in the job XML) with the number of rows. */
    static final String ROWS = "rows";

    /** One data line of the CSV: its number (counted from 1, the header not counted) and its text. */
    record CsvRow(int line, String text) implements Serializable {
    }

    @Inject
    @BatchProperty(name = ROWS)
    String rows;
    @Inject
    JobContext jobContext;

    private BufferedReader lines;
    private int line;

    /** The data line whose amount is {@code n/a}: the job skips it. */
    static int badLine(int rows) {
        return rows / 2 + 1;
    }

    static String csv(int rows) {
        StringBuilder csv = new StringBuilder("id,customer,amount\n");
        for (int n = 1; n <= rows; n++) {
            csv.append("r-").append(n).append(",customer-").append(n % 97).append(',')
                    .append(n == badLine(rows) ? "n/a" : (n % 500) + "." + (n % 100 < 10 ? "0" : "") + (n % 100)).append('\n');
        }
        return csv.toString();
    }

    @Override
    public void open(Serializable checkpoint) throws IOException {
        int count = Integer.parseInt(rows);
        jobContext.setTransientUserData((long) count);
        lines = new BufferedReader(new StringReader(csv(count)));
        lines.readLine(); // the header
        line = 0;
        int resumeAfter = checkpoint instanceof Integer read ? read : 0;
        while (line < resumeAfter && lines.readLine() != null) {
            line++;
        }
    }

    @Override
    public Object readItem() throws IOException {
        String text = lines.readLine();
        if (text == null) {
            return null;
        }
        line++;
        return new CsvRow(line, text);
    }

    @Override
    public Serializable checkpointInfo() {
        return line;
    }
}
