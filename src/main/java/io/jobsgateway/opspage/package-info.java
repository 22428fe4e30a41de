/**
 * The operations page: {@code GET /ops/data}, every node's meters as JSON for admin keys and
 * the container role {@code jobs.ops.role}, which the page at {@code /ops/} (the standalone
 * WAR's {@code src/main/webapp/ops}) turns into moving charts. It reads the meters
 * ({@link io.jobsgateway.ops.GatewayMetrics}) and the other nodes' reports
 * ({@link io.jobsgateway.ops.NodeReports}), and counts nothing itself.
 *
 * <p>Threads: request threads. Never: runs on the path of an event or a connection; waits on
 * Redis longer than a second.
 */
package io.jobsgateway.opspage;
