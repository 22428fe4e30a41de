package io.jobsgateway.history;

/** An event named an owner other than the one its job already has. */
public class JobOwnershipException extends RuntimeException {

    public JobOwnershipException(String jobId) {
        super("job " + jobId + " belongs to another client");
    }
}
