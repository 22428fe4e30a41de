package io.jobsgateway.history;

/** The job log's store (Redis, in a cluster) cannot be reached now; the caller may retry. */
public class JobLogUnavailableException extends RuntimeException {

    public JobLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
