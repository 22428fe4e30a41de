package io.jobsgateway.bench;

/**
 * A job's life as a publishing phase tells it: it starts, reports progress most of the time,
 * and at every {@code every}-th event says something a slow reader may not miss: a
 * {@code job.updated} log line, or, every third time, a failed attempt ({@code job.failed})
 * and its retry ({@code job.started}); the phase's last event is {@code job.completed}. The
 * contract has no {@code job.log}: {@code job.updated} is its free-form event.
 */
final class JobLife implements Publisher.Mix {

    private final int every;

    JobLife(int every) {
        if (every < 2) {
            throw new IllegalArgumentException("lifecycle events every " + every + " events leaves no room for progress");
        }
        this.every = every;
    }

    @Override
    public String type(long i, long total) {
        if (i == total - 1) {
            return "job.completed";
        }
        if (i == 0) {
            return "job.started";
        }
        long slot = i / every;
        long at = i % every;
        boolean retry = slot % 3 == 2;
        if (at == 0) {
            return retry ? "job.failed" : "job.updated";
        }
        if (at == 1 && retry) {
            return "job.started";
        }
        return Publisher.PROGRESS_TYPE;
    }

    String description() {
        return "job.started, job.progress, every " + every + "th event a job.updated log line or (each third time) a"
                + " job.failed + job.started retry, a final job.completed";
    }
}
