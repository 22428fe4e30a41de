package io.jobsgateway.ops;

/**
 * The meters of contract section 9, in Micrometer's dotted form: the Prometheus registry writes
 * {@code jobs.gateway.deliveries} as {@code jobs_gateway_deliveries_total}, a timer in seconds as
 * {@code jobs_gateway_delivery_lag_seconds}. No meter is tagged with a job, key or user: their
 * number has no bound.
 */
final class MeterNames {

    static final String CONNECTIONS = "jobs.gateway.connections";
    static final String SUBSCRIPTIONS = "jobs.gateway.subscriptions";
    static final String ROOMS = "jobs.gateway.rooms";
    static final String EVENTS_PUBLISHED = "jobs.gateway.events.published";
    static final String DELIVERIES = "jobs.gateway.deliveries";
    static final String CLOSES = "jobs.gateway.closes";
    static final String RATE_LIMITED = "jobs.gateway.rate.limited";
    static final String PROGRESS_REPLACED = "jobs.gateway.progress.replaced";
    static final String RESUMES = "jobs.gateway.resumes";
    static final String DELIVERY_LAG = "jobs.gateway.delivery.lag";
    static final String BUS_GAP_FILLS = "jobs.gateway.bus.gap.fills";
    static final String OUTBOX_WAITING = "jobs.gateway.outbox.waiting";
    static final String WEBSOCKET_WRITES = "jobs.gateway.websocket.writes";

    private MeterNames() {
    }
}
