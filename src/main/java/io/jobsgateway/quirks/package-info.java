/**
 * Every container workaround, one class each, with the reason, the spec clause it leans on and
 * the upstream report: {@link io.jobsgateway.quirks.TyrusIdleTimers},
 * {@link io.jobsgateway.quirks.RefusalAfterUpgrade}, {@link io.jobsgateway.quirks.SharedEndpoint},
 * {@link io.jobsgateway.quirks.ConfiguratorBeans}, {@link io.jobsgateway.quirks.OriginFilter},
 * {@link io.jobsgateway.quirks.OrderedAfterCommit}, {@link io.jobsgateway.quirks.HealthServlet},
 * {@link io.jobsgateway.quirks.JsonP}, {@link io.jobsgateway.quirks.ReadAcknowledgements},
 * {@link io.jobsgateway.quirks.MalformedUrlLogFilter}, {@link io.jobsgateway.quirks.PreEncodedFrames}.
 *
 * <p>Threads: whoever calls. Never: depends on another package of the gateway (it is the bottom
 * layer), so that a workaround can be removed without touching what it serves.
 */
package io.jobsgateway.quirks;
