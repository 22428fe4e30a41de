package io.jobsgateway.demo;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Demo jobs that fire their events the way a host application's beans do, through
 * {@code Event<JobEvent>}: created and started at once, a progress event per step, then
 * completed, or failed at {@code failAtStep}.
 */
@ApplicationScoped
class DemoJobs {

    public static final int MAX_STEPS = 100;
    public static final int MAX_STEP_MILLIS = 60_000;

    @Inject
    Event<JobEvent> events;
    @Inject
    Settings settings;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private Semaphore running; // jobs.demo.max-running-jobs permits: one per job until its last event

    @PostConstruct
    void limit() {
        running = new Semaphore(settings.bounds().demoMaxRunningJobs());
    }

    /**
     * Starts a job and answers its id; its first two events are published before this returns.
     * Empty when {@code jobs.demo.max-running-jobs} run already: the demo endpoint is open to
     * every publish key, so it must not let one fill the scheduler.
     */
    public Optional<String> start(String clientId, String userId, int steps, long stepMillis, Integer failAtStep) {
        if (!running.tryAcquire()) {
            return Optional.empty();
        }
        String jobId = "demo-" + UUID.randomUUID().toString().substring(0, 13);
        events.fire(JobEvent.created(jobId).ownedBy(clientId).forUser(userId));
        events.fire(JobEvent.started(jobId));
        scheduleStep(jobId, 1, steps, stepMillis, failAtStep);
        return Optional.of(jobId);
    }

    // Each step schedules the next, so a job's events never race each other.
    private void scheduleStep(String jobId, int step, int steps, long stepMillis, Integer failAtStep) {
        scheduler.schedule(() -> {
            if (failAtStep != null && step == failAtStep) {
                running.release();
                events.fire(JobEvent.failed(jobId, "demo_failure",
                        "Step " + step + " of " + steps + " failed, as asked"));
                return;
            }
            events.fire(JobEvent.progress(jobId, step * 100 / steps,
                    "Executing step " + step + " of " + steps, "step-" + step));
            if (step < steps) {
                scheduleStep(jobId, step + 1, steps, stepMillis, failAtStep);
            } else {
                running.release();
                events.fire(JobEvent.completed(jobId, Map.of("steps", steps), List.of()));
            }
        }, stepMillis, TimeUnit.MILLISECONDS);
    }
}
