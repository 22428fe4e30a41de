/**
 * What operators see of a node: its meters for {@code GET /metrics} (contract section 9), the
 * connection log, and the snapshots of the meters that the {@code /ops} page shows, beside the
 * other nodes' reports of theirs ({@link io.jobsgateway.ops.NodeReports}). Called from every
 * layer above it, on whatever thread did the thing counted: nothing here blocks, takes a lock on
 * the hot path or calls the network, and no meter is labelled with a job, key or user (their
 * number has no bound).
 */
package io.jobsgateway.ops;
