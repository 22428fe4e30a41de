package io.jobsgateway.cluster;

/** Redis, which a cluster shares, cannot be reached now; the caller may retry later. */
public class ClusterUnavailableException extends RuntimeException {

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
