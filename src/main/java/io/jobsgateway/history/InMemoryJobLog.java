package io.jobsgateway.history;

import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.bus.LocalBus;
import io.jobsgateway.config.Settings;
import io.jobsgateway.ops.DeliveryMeters;
import io.jobsgateway.api.JobEvent;
import io.jobsgateway.wire.JobEventParts;
import io.jobsgateway.wire.WireFormat;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.Comparator;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The job log of a single node. Each job is locked on its own, and {@link #append} hands the
 * event to the bus while holding the job's lock, so the bus sees each job in {@code seq} order.
 * Memory stays bounded: at most {@code max-events} per job, and {@link #expire()} drops a job's
 * history {@code ttl} after its last event and the job itself seven {@code ttl} after it.
 */
@ApplicationScoped
@Typed(InMemoryJobLog.class) // chosen by ClusterMode, not injected by interface
public class InMemoryJobLog implements JobLog {

    private final ConcurrentHashMap<String, MemoryJob> jobs = new ConcurrentHashMap<>();
    private final ReentrantLock forgetting = new ReentrantLock();
    /** Jobs the watchdog may have to speak for: their last event does not end them and they have a timeout. */
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private Settings settings;
    private WireFormat wire;
    private LocalBus bus;
    private Clock clock;
    @Resource
    ManagedScheduledExecutorService scheduler;
    private Future<?> expiring;

    protected InMemoryJobLog() {
        // for CDI's proxy
    }

    @Inject
    public InMemoryJobLog(Settings settings, WireFormat wire, LocalBus bus) {
        this(settings, wire, bus, Clock.systemUTC());
    }

    InMemoryJobLog(Settings settings, WireFormat wire, LocalBus bus, Clock clock) {
        this.settings = settings;
        this.wire = wire;
        this.bus = bus;
        this.clock = clock;
    }

    @PostConstruct
    void startExpiring() {
        long period = Math.min(TimeUnit.SECONDS.toMillis(settings.historyTtlSeconds()), 60_000);
        expiring = scheduler.scheduleAtFixedRate(() -> {
            try {
                expire();
            } catch (RuntimeException e) {
                // a periodic task that throws is never run again: log and keep expiring
                java.util.logging.Logger.getLogger(InMemoryJobLog.class.getName())
                        .log(java.util.logging.Level.WARNING, "Expiring job histories failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopExpiring() {
        expiring.cancel(false);
    }

    @Override
    public StoredEvent append(JobEvent event) {
        JobEventParts parts = wire.jobEventParts(event);
        EventTooLargeException.check(event, parts, settings.bounds().maxEventBytes());
        return append(event, parts, null);
    }

    @Override
    public List<Optional<StoredEvent>> appendAll(List<Publication> publications) {
        List<JobEventParts> parts = EventTooLargeException.partsOfAll(publications, wire, settings.bounds().maxEventBytes());
        List<Optional<StoredEvent>> stored = new ArrayList<>(publications.size());
        for (int i = 0; i < publications.size(); i++) {
            Publication publication = publications.get(i);
            try {
                stored.add(Optional.of(append(publication.event(), parts.get(i), publication.ownerIfNew())));
            } catch (JobOwnershipException e) {
                stored.add(Optional.empty());
            }
        }
        return stored;
    }

    private StoredEvent append(JobEvent event, JobEventParts parts, String ownerIfNew) {
        while (true) {
            MemoryJob job = jobs.get(event.jobId());
            if (job == null) {
                job = jobs.computeIfAbsent(event.jobId(), id -> new MemoryJob(clock.instant()));
                forgetLeastActiveBeyondMaxJobs();
            }
            synchronized (job) {
                if (job.removed) {
                    continue; // expired or forgotten between lookup and lock: take the fresh record
                }
                return append(job, event, parts, ownerIfNew);
            }
        }
    }

    /**
     * {@code jobs.history.max-jobs}: past it, the least recently active jobs are forgotten whole
     * (their next event starts a new epoch). A twentieth of the limit more goes at once, so that the
     * scan for them is paid once per many new jobs, not for each; one thread scans at a time.
     */
    private void forgetLeastActiveBeyondMaxJobs() {
        int max = settings.bounds().historyMaxJobs();
        if (jobs.size() <= max || !forgetting.tryLock()) {
            return;
        }
        try {
            int excess = jobs.size() - max + max / 20;
            record Activity(String jobId, MemoryJob job, Instant at) {
            }
            List<Activity> oldest = new ArrayList<>(jobs.size());
            jobs.forEach((id, job) -> {
                synchronized (job) { // a snapshot: the sort must not see a time change under it
                    oldest.add(new Activity(id, job, job.lastEventAt));
                }
            });
            oldest.sort(Comparator.comparing(Activity::at));
            for (Activity activity : oldest.subList(0, Math.min(excess, oldest.size() - 1))) {
                synchronized (activity.job()) {
                    activity.job().removed = true;
                    jobs.remove(activity.jobId(), activity.job());
                }
            }
        } finally {
            forgetting.unlock();
        }
    }

    private StoredEvent append(MemoryJob job, JobEvent event, JobEventParts parts, String ownerIfNew) {
        if (job.clientId == null) {
            String owner = event.clientId() != null ? event.clientId() : ownerIfNew;
            if (owner == null) {
                throw JobLog.noOwner(event.jobId());
            }
            job.clientId = owner;
            job.userId = event.userId();
        } else if (event.clientId() != null && !event.clientId().equals(job.clientId)) {
            throw new JobOwnershipException(event.jobId());
        }
        Tracking tracking = Tracking.of(event);
        StoredEvent stored = store(job, event, job.estimated(tracking, parts));
        watch(event.jobId(), job.heard(tracking, job.lastEventAt, settings.watchdog()));
        return stored;
    }

    private StoredEvent store(MemoryJob job, JobEvent event, JobEventParts parts) {
        Instant now = clock.instant();
        dropExpiredHistory(job, now);
        String userId = event.userId() != null ? event.userId() : job.userId;
        long seq = ++job.seq;
        StoredEvent stored = new StoredEvent(event.jobId(), seq, job.epoch, job.clientId, userId,
                parts.assemble(seq, job.epoch, job.clientId, userId), DeliveryMeters.nowMicros());
        job.events.addLast(stored);
        while (job.events.size() > settings.historyMaxEvents()) {
            job.events.removeFirst();
        }
        job.lastEventAt = now;
        bus.publish(stored);
        return stored;
    }

    private void watch(String jobId, boolean watch) {
        if (watch) {
            watched.add(jobId);
        } else {
            watched.remove(jobId);
        }
    }

    @Override
    public List<Silence> silences(int limit) {
        Instant now = clock.instant();
        List<Silence> due = new ArrayList<>();
        for (var ids = watched.iterator(); ids.hasNext() && due.size() < limit; ) {
            String jobId = ids.next();
            MemoryJob job = jobs.get(jobId);
            if (job == null) {
                ids.remove(); // forgotten or expired
                continue;
            }
            synchronized (job) {
                Silence silence = job.silence(jobId, job.seq, now, settings.watchdog());
                if (!job.removed && silence.due().isPresent()) {
                    due.add(silence);
                }
            }
        }
        return due;
    }

    @Override
    public Optional<StoredEvent> appendIfStill(Silence silence, Silence.Step step, JobEvent event) {
        MemoryJob job = jobs.get(silence.jobId());
        if (job == null) {
            return Optional.empty();
        }
        synchronized (job) {
            if (job.removed || job.seq != silence.seq()) {
                return Optional.empty(); // an event came meanwhile: the job spoke, or another sweep did
            }
            StoredEvent stored = store(job, event, wire.jobEventParts(event));
            watch(silence.jobId(), job.spokenFor(step));
            return Optional.of(stored);
        }
    }

    @Override
    public Replay since(String jobId, long afterSeq, String epoch) {
        MemoryJob job = jobs.get(jobId);
        if (job == null) {
            return Replay.unknownJob(afterSeq, epoch);
        }
        synchronized (job) {
            dropExpiredHistory(job, clock.instant());
            return Replay.of(job.seq, job.epoch, List.copyOf(job.events), afterSeq, epoch);
        }
    }

    @Override
    public List<StoredEvent> latest(String jobId, int limit) {
        MemoryJob job = jobs.get(jobId);
        if (job == null) {
            return List.of();
        }
        synchronized (job) {
            dropExpiredHistory(job, clock.instant());
            List<StoredEvent> events = new ArrayList<>(job.events);
            return List.copyOf(events.subList(Math.max(0, events.size() - limit), events.size()));
        }
    }

    @Override
    public Optional<JobOwner> owner(String jobId) {
        MemoryJob job = jobs.get(jobId);
        if (job == null) {
            return Optional.empty();
        }
        synchronized (job) {
            return job.clientId == null ? Optional.empty() : Optional.of(new JobOwner(job.clientId, job.userId));
        }
    }

    /** Drops expired histories and forgets jobs whose seq has outlived its lifetime. */
    public void expire() {
        Instant now = clock.instant();
        Duration seqLifetime = ttl().multipliedBy(SEQ_LIFETIME_IN_TTLS);
        jobs.forEach((id, job) -> {
            synchronized (job) {
                dropExpiredHistory(job, now);
                if (job.lastEventAt.plus(seqLifetime).isBefore(now)) {
                    job.removed = true;
                    jobs.remove(id, job);
                }
            }
        });
    }

    int jobCount() {
        return jobs.size();
    }

    private void dropExpiredHistory(MemoryJob job, Instant now) {
        if (job.lastEventAt.plus(ttl()).isBefore(now)) {
            job.events.clear();
        }
    }

    private Duration ttl() {
        return Duration.ofSeconds(settings.historyTtlSeconds());
    }
}
