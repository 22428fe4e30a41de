package io.jobsgateway.history;

import io.jobsgateway.cluster.RedisKeys;
import io.jobsgateway.config.Settings;
import java.util.List;
import java.util.Map;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScoredSortedSetAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The watchdog's index ({@link RedisKeys#WATCHED}) as the publish path keeps it, for
 * {@link RedisAppends}: apart from the publish script, since the index is one key for all jobs and
 * a script touches only its job's slot. The index only says when to look: the sweep
 * ({@link RedisSilences}) reads the job's own state before it acts, drops an entry for a job whose
 * script never ran and puts one found early or late at its time.
 */
final class WatchIndex {

    /** How soon after it is stored a job's entry from {@link #before} is due: later than its script, in any case. */
    static final long BEFORE_SCRIPT_MILLIS = 10_000;

    private final RedissonClient redis;
    private final boolean watchingByDefault;

    WatchIndex(RedissonClient redis, Settings.Watchdog watchdog) {
        this.redis = redis;
        this.watchingByDefault = watchdog.stallTimeoutSeconds() > 0 || watchdog.lostTimeoutSeconds() > 0;
    }

    /** Whether the watchdog may watch a job after these events: one does not end it, and a timeout applies (the settings', or a job.created's own). */
    boolean mayWatch(List<Tracking> events) {
        return events.stream().anyMatch(event -> event.kind() != Tracking.TERMINAL
                && (watchingByDefault || event.stallSeconds() > 0 || event.lostSeconds() > 0));
    }

    /**
     * Before the script, in its round trip: an entry for each job, unless it has one
     * ({@code ZADD NX}), due soon. Without it, a node killed between a job's first script and
     * {@link #after} would leave a job no sweep ever finds, the one job the watchdog is for.
     */
    void before(RBatch batch, List<String> jobIds) {
        if (jobIds.isEmpty()) {
            return;
        }
        double soon = System.currentTimeMillis() + BEFORE_SCRIPT_MILLIS;
        RScoredSortedSetAsync<String> watched = batch.getScoredSortedSet(RedisKeys.WATCHED, StringCodec.INSTANCE);
        jobIds.forEach(jobId -> watched.addIfAbsentAsync(soon, jobId));
    }

    /** Puts each job where its script said (its reply's last element), without waiting: the publisher need not. */
    void after(Map<String, List<Object>> replies) {
        RBatch batch = null;
        for (var reply : replies.entrySet()) {
            String place = reply.getValue().get(reply.getValue().size() - 1).toString();
            if (place.isEmpty()) {
                continue;
            }
            if (batch == null) {
                batch = redis.createBatch(BatchOptions.defaults());
            }
            RScoredSortedSetAsync<String> watched = batch.getScoredSortedSet(RedisKeys.WATCHED, StringCodec.INSTANCE);
            if (place.equals("-")) {
                watched.removeAsync(reply.getKey());
            } else {
                watched.addAsync(Double.parseDouble(place), reply.getKey());
            }
        }
        if (batch != null) {
            batch.executeAsync();
        }
    }
}
