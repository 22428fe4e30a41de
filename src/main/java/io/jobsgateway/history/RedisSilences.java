package io.jobsgateway.history;

import io.jobsgateway.cluster.RedisKeys;
import io.jobsgateway.config.Settings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The watchdog's reads in Redis, for {@link RedisJobLog}: the jobs due in the index
 * ({@link RedisKeys#WATCHED}, kept by {@link WatchIndex}) by Redis's clock, then each one's own
 * state from its owner hash, pipelined: two round trips however many. The index only says when to
 * look; what the job's hash says decides.
 */
final class RedisSilences {

    // KEYS: the watchdog's index. ARGV: limit. Redis's clock (ms), then the jobs due by it.
    static final String READ_DUE = """
            local now = redis.call('TIME')
            local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ms, 'LIMIT', 0, tonumber(ARGV[1]))
            table.insert(due, 1, string.format('%d', ms))
            return due
            """;

    // KEYS: seq, owner. ARGV: the stall and lost timeouts by the settings. {seq, heard, stalled, stall, lost}, or
    // {} for a job no longer watched (it ended, or expired).
    static final String READ_SILENCE = """
            local f = redis.call('HMGET', KEYS[2], 'heard', 'stalled', 'wStall', 'wLost')
            if not f[1] then return {} end
            return {redis.call('GET', KEYS[1]) or '0', f[1], f[2] or '', f[3] or ARGV[1], f[4] or ARGV[2]}
            """;

    private final RedissonClient redis;
    private final RScript script;
    private final Settings settings;

    RedisSilences(RedissonClient redis, Settings settings) {
        this.redis = redis;
        this.script = redis.getScript(StringCodec.INSTANCE);
        this.settings = settings;
    }

    /** The watched jobs whose next step is due by Redis's clock, at most {@code limit}; entries found early or stale are put right. */
    List<Silence> due(int limit) {
        List<Object> due = RedisJobLog.call(() -> script.eval(RScript.Mode.READ_ONLY, READ_DUE, RScript.ReturnType.LIST,
                List.of(RedisKeys.WATCHED), Integer.toString(limit)));
        if (due.size() < 2) {
            return List.of();
        }
        Instant now = Instant.ofEpochMilli(Long.parseLong(due.get(0).toString()));
        List<String> jobIds = due.subList(1, due.size()).stream().map(Object::toString).toList();
        Settings.Watchdog watchdog = settings.watchdog();
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        var pipelined = batch.getScript(StringCodec.INSTANCE);
        List<RFuture<List<Object>>> states = new ArrayList<>(jobIds.size());
        for (String jobId : jobIds) {
            states.add(pipelined.evalAsync(RScript.Mode.READ_ONLY, READ_SILENCE, RScript.ReturnType.LIST,
                    List.of(RedisKeys.seq(jobId), RedisKeys.owner(jobId)),
                    Long.toString(watchdog.stallTimeoutSeconds()), Long.toString(watchdog.lostTimeoutSeconds())));
        }
        RedisJobLog.call(() -> batch.execute());
        List<Silence> silences = new ArrayList<>();
        RScoredSortedSet<String> index = redis.getScoredSortedSet(RedisKeys.WATCHED, StringCodec.INSTANCE);
        for (int i = 0; i < jobIds.size(); i++) {
            List<Object> state = states.get(i).toCompletableFuture().join();
            String jobId = jobIds.get(i);
            if (state.isEmpty()) {
                index.removeAsync(jobId);
                continue;
            }
            Silence silence = new Silence(jobId, Long.parseLong(state.get(0).toString()),
                    Instant.ofEpochMilli(Long.parseLong(state.get(1).toString())), state.get(2).toString().equals("1"),
                    Long.parseLong(state.get(3).toString()), Long.parseLong(state.get(4).toString()), now);
            if (silence.due().isPresent()) {
                silences.add(silence);
            } else {
                // An entry that came in late, or a job heard from since: look again when it is due.
                silence.nextStepAt().ifPresentOrElse(at -> index.addAsync(at.toEpochMilli(), jobId),
                        () -> index.removeAsync(jobId));
            }
        }
        return silences;
    }
}
