package io.jobsgateway.history;

/** An event named an owner other than the one its job already has. */
class JobOwnershipException extends RuntimeException {

    JobOwnershipException(String jobId) {
        super("job " + jobId + " belongs to another client");
    }
}
