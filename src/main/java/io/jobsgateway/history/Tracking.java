package io.jobsgateway.history;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import io.jobsgateway.config.Settings;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;

/**
 * What the job log keeps of an event besides the event itself, read once from it, in one place for
 * both logs: for the progress estimate ({@link ProgressRate}) and for the watchdog ({@link Silence}).
 *
 * @param kind         how the event counts, one of the constants below
 * @param percent      a progress's {@code progress}; NaN for other events and for a progress without a number from 0 to 100
 * @param atMillis     the event's timestamp
 * @param stallSeconds a {@code job.created}'s own stall timeout ({@value #STALL_FIELD}); -1 for none
 * @param lostSeconds  a {@code job.created}'s own lost timeout ({@value #LOST_FIELD}); -1 for none
 */
record Tracking(char kind, double percent, long atMillis, long stallSeconds, long lostSeconds) {

    /** The field of a job.created's data that sets the job's own stall timeout, in whole seconds, 0 for none. */
    static final String STALL_FIELD = "stallTimeoutSeconds";
    /** The field of a job.created's data that sets the job's own lost timeout, in whole seconds, 0 for none. */
    static final String LOST_FIELD = "lostTimeoutSeconds";

    /** A job.created: a real event that may set the job's own timeouts. */
    static final char CREATED = 'c';
    /** A job.started: 0 % for the estimate. */
    static final char STARTED = 's';
    /** A job.progress that gets the estimate's fields. */
    static final char ESTIMATED = 'p';
    /** A job.progress that brought its own {@code etaSeconds} or {@code ratePerSecond}: counted, not changed. */
    static final char SELF_ESTIMATED = 'q';
    /** Any other event that does not end the job. */
    static final char OTHER = 'r';
    /** job.completed or job.failed. */
    static final char TERMINAL = 't';
    /** The watchdog's job.updated {@code stalled}. */
    static final char STALL = 'S';
    /** The watchdog's job.failed {@code lost}. */
    static final char LOSS = 'L';

    static Tracking of(JobEvent event) {
        long at = event.timestamp().toEpochMilli();
        return switch (event.type()) {
            case CREATED -> new Tracking(CREATED, Double.NaN, at, seconds(event, STALL_FIELD), seconds(event, LOST_FIELD));
            case STARTED -> new Tracking(STARTED, Double.NaN, at, -1, -1);
            case PROGRESS -> {
                double percent = percent(event);
                char kind = Double.isNaN(percent) ? OTHER
                        : event.data().containsKey("etaSeconds") || event.data().containsKey("ratePerSecond")
                        ? SELF_ESTIMATED : ESTIMATED;
                yield new Tracking(kind, percent, at, -1, -1);
            }
            case COMPLETED, FAILED -> new Tracking(TERMINAL, Double.NaN, at, -1, -1);
            case UPDATED -> new Tracking(OTHER, Double.NaN, at, -1, -1);
        };
    }

    /** The watchdog's own event for {@code step}. */
    static Tracking ofWatchdog(Silence.Step step) {
        return new Tracking(step == Silence.Step.STALL ? STALL : LOSS, Double.NaN, 0, -1, -1);
    }

    boolean counted() {
        return kind == ESTIMATED || kind == SELF_ESTIMATED;
    }

    boolean real() {
        return kind != STALL && kind != LOSS;
    }

    boolean ends() {
        return kind == TERMINAL || kind == LOSS;
    }

    boolean setsTimeouts() {
        return stallSeconds >= 0 || lostSeconds >= 0;
    }

    /** The job's stall timeout once this job.created set its own: its own, or the setting. */
    long stallSeconds(Settings.Watchdog settings) {
        return stallSeconds >= 0 ? stallSeconds : settings.stallTimeoutSeconds();
    }

    long lostSeconds(Settings.Watchdog settings) {
        return lostSeconds >= 0 ? lostSeconds : settings.lostTimeoutSeconds();
    }

    private static double percent(JobEvent event) {
        JsonValue value = event.data().get("progress");
        if (value instanceof JsonNumber number) {
            double percent = number.doubleValue();
            return percent >= 0 && percent <= 100 ? percent : Double.NaN;
        }
        return Double.NaN;
    }

    private static long seconds(JobEvent event, String field) {
        JsonValue value = event.data().get(field);
        if (value instanceof JsonNumber number && number.isIntegral() && number.longValue() >= 0) {
            return number.longValue();
        }
        return -1;
    }
}
