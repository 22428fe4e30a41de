package io.jobsgateway.history;

/** Who a job belongs to: a client, and a user of it or none (null). */
record JobOwner(String clientId, String userId) {
}
