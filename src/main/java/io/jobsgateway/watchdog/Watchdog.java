package io.jobsgateway.watchdog;

import io.jobsgateway.bus.Bus;
import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.cluster.SweepLock;
import io.jobsgateway.config.Settings;
import io.jobsgateway.history.JobLog;
import io.jobsgateway.history.Silence;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sweeps every {@code jobs.watchdog.sweep-interval-ms} for jobs gone silent ({@link JobLog#silences}),
 * and publishes what is due for each ({@link Silence#due()}, {@link WatchdogEvents}) through the job
 * log, so that every subscriber, history and a resuming client see it as any other event. The
 * publication is conditional on the job's seq ({@link JobLog#appendIfStill}): a real event that
 * comes during the sweep wins, and two sweeps that overlap never both speak. In a cluster one node
 * sweeps at a time ({@link SweepLock}).
 */
@ApplicationScoped
class Watchdog {

    private static final Logger LOG = Logger.getLogger(Watchdog.class.getName());

    /** Jobs one sweep handles at most; the rest wait for the next. */
    static final int JOBS_PER_SWEEP = 1000;

    @Inject
    JobLog jobLog;
    @Inject
    SweepLock sweepLock;
    @Inject
    Settings settings;
    @Inject
    Bus bus;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private Future<?> sweeping;

    void start(@Observes Startup startup) {
        long period = settings.watchdog().sweepIntervalMs();
        sweeping = scheduler.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sweeping != null) {
            sweeping.cancel(false);
        }
    }

    private void sweepSafely() {
        if (bus.problem().isPresent()) {
            return; // Redis is unreachable: nothing to read, and no lock to take
        }
        try {
            sweepLock.runAlone(this::sweep);
        } catch (ClusterUnavailableException e) {
            LOG.fine(() -> "The watchdog skips a sweep while Redis is unreachable: " + e.getMessage());
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: log and keep sweeping
            LOG.log(Level.WARNING, "A sweep of the stalled-job watchdog failed", e);
        }
    }

    /** One sweep: what is due for each silent job, published unless the job moved on meanwhile. */
    void sweep() {
        List<Silence> silences = jobLog.silences(JOBS_PER_SWEEP);
        for (Silence silence : silences) {
            silence.due().ifPresent(step -> jobLog.appendIfStill(silence, step, WatchdogEvents.of(silence, step, Instant.now()))
                    .ifPresent(stored -> LOG.info(() -> "Job " + silence.jobId() + " is " + (step == Silence.Step.STALL
                            ? WatchdogEvents.STALLED : WatchdogEvents.LOST) + " (seq " + stored.seq() + "): no event since "
                            + silence.lastHeardAt())));
        }
    }
}
