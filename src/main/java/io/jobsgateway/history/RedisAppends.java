package io.jobsgateway.history;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.bus.Envelope;
import io.jobsgateway.cluster.RedisKeys;
import io.jobsgateway.config.Settings;
import io.jobsgateway.wire.JobEventParts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Storing job events in Redis, for {@link RedisJobLog}: one script stores any number of events of
 * one job, in order, each as one atomic step (the next {@code seq}, the owner check, the append to
 * the history, trimmed and its TTL refreshed, and the PUBLISH on the bus), so that no event has a
 * {@code seq} without being stored and every node sees a job's events in the same order. Events of
 * one job go in one script call; the calls for several jobs go out pipelined in one Redisson
 * batch: a round trip for the whole of them. A script touches only its job's keys (one hash slot,
 * see {@link RedisKeys}), so this works on Redis Cluster too.
 */
final class RedisAppends {

    /** An event to store, its JSON's parts, and the owner of its job if it is new (null for none). */
    record Item(JobEvent event, JobEventParts parts, String ownerIfNew) {
    }

    /** What the script answers for an event of a new job that names no owner. */
    static final String NO_OWNER = "NO_OWNER";
    /** What the script answers for an event that names another owner than its job's. */
    static final String OWNER_CONFLICT = "OWNER_CONFLICT";

    private static final int ARGS_BEFORE_EVENTS = 6;
    private static final int ARGS_PER_EVENT = 6;

    // KEYS: seq, owner, history. ARGV: maxEvents, ttl, seqTtl, channel, jobId, epoch; then 6 per event:
    // clientId ('' keeps the job's), ownerIfNew ('' none), userId, head, middle, tail. The epoch given is the
    // job's new stream when its seq starts at 1 (a new job, or Redis lost the counter). Answers per event its
    // envelope, or NO_OWNER or OWNER_CONFLICT for one refused, never an error: the events after it go on, and a
    // pipelined batch of such calls has nothing to fail on.
    static final String APPEND = """
            local results = {}
            local any = false
            for i = 7, #ARGV, 6 do
              local owner = redis.call('HGET', KEYS[2], 'clientId')
              local client = ARGV[i]
              local user = ARGV[i + 2]
              if not owner then
                if client == '' then client = ARGV[i + 1] end
                if client ~= '' then
                  owner = client
                  redis.call('HSET', KEYS[2], 'clientId', owner)
                  if user ~= '' then redis.call('HSET', KEYS[2], 'userId', user) end
                end
              end
              if not owner then
                results[#results + 1] = 'NO_OWNER'
              elseif client ~= '' and client ~= owner then
                results[#results + 1] = 'OWNER_CONFLICT'
              else
                if user == '' then user = redis.call('HGET', KEYS[2], 'userId') or '' end
                local seq = redis.call('INCR', KEYS[1])
                local epoch = redis.call('HGET', KEYS[2], 'epoch')
                if seq == 1 or not epoch then
                  epoch = ARGV[6]
                  redis.call('HSET', KEYS[2], 'epoch', epoch)
                end
            """ + JobEventParts.luaAssemble("ARGV[i + 3]", "seq", "epoch", "ARGV[i + 4]", "owner", "user", "ARGV[i + 5]")
            + "local now = redis.call('TIME')\n"
            + "local stored = now[1] .. string.format('%06d', tonumber(now[2]))\n"
            + "local envelope = " + Envelope.luaEvent("ARGV[5]", "seq", "epoch", "owner", "user", "stored", "json")
            + "\n" + """
                redis.call('RPUSH', KEYS[3], envelope)
                redis.call('PUBLISH', ARGV[4], envelope)
                results[#results + 1] = envelope
                any = true
              end
            end
            if any then
              redis.call('LTRIM', KEYS[3], -tonumber(ARGV[1]), -1)
              redis.call('EXPIRE', KEYS[3], ARGV[2])
              redis.call('EXPIRE', KEYS[1], ARGV[3])
              redis.call('EXPIRE', KEYS[2], ARGV[3])
            end
            return results
            """;

    private final RedissonClient redis;
    private final RScript script;
    private final Settings settings;

    RedisAppends(RedissonClient redis, Settings settings) {
        this.redis = redis;
        this.script = redis.getScript(StringCodec.INSTANCE);
        this.settings = settings;
    }

    /**
     * Stores the items, each job's in the order given: one script call when they are all of one
     * job, else one per job, pipelined. Answers per item, in order, its envelope or
     * {@link #NO_OWNER} or {@link #OWNER_CONFLICT}.
     */
    List<String> store(List<Item> items) {
        Map<String, List<Integer>> byJob = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            byJob.computeIfAbsent(items.get(i).event().jobId(), job -> new ArrayList<>()).add(i);
        }
        String[] answers = new String[items.size()];
        if (byJob.size() == 1) {
            var job = byJob.entrySet().iterator().next();
            List<Object> reply = RedisJobLog.call(() -> script.eval(RScript.Mode.READ_WRITE, APPEND,
                    RScript.ReturnType.LIST, keys(job.getKey()), args(job.getKey(), job.getValue(), items)));
            fill(answers, job.getValue(), reply);
        } else {
            record Pending(List<Integer> indexes, RFuture<List<Object>> reply) {
            }
            RBatch batch = redis.createBatch(BatchOptions.defaults());
            var pipelined = batch.getScript(StringCodec.INSTANCE);
            List<Pending> pending = new ArrayList<>(byJob.size());
            byJob.forEach((jobId, indexes) -> pending.add(new Pending(indexes, pipelined.evalAsync(RScript.Mode.READ_WRITE,
                    APPEND, RScript.ReturnType.LIST, keys(jobId), args(jobId, indexes, items)))));
            RedisJobLog.call(batch::execute);
            pending.forEach(job -> fill(answers, job.indexes(), job.reply().toCompletableFuture().join()));
        }
        return List.of(answers);
    }

    private static List<Object> keys(String jobId) {
        return List.of(RedisKeys.seq(jobId), RedisKeys.owner(jobId), RedisKeys.history(jobId));
    }

    private Object[] args(String jobId, List<Integer> indexes, List<Item> items) {
        long ttl = settings.historyTtlSeconds();
        Object[] args = new Object[ARGS_BEFORE_EVENTS + ARGS_PER_EVENT * indexes.size()];
        args[0] = Integer.toString(settings.historyMaxEvents());
        args[1] = Long.toString(ttl);
        args[2] = Long.toString(ttl * JobLog.SEQ_LIFETIME_IN_TTLS);
        args[3] = RedisKeys.BUS_CHANNEL;
        args[4] = jobId;
        args[5] = Epochs.next();
        int at = ARGS_BEFORE_EVENTS;
        for (int index : indexes) {
            Item item = items.get(index);
            args[at++] = orEmpty(item.event().clientId());
            args[at++] = orEmpty(item.ownerIfNew());
            args[at++] = orEmpty(item.event().userId());
            args[at++] = item.parts().head();
            args[at++] = item.parts().middle();
            args[at++] = item.parts().tail();
        }
        return args;
    }

    private static void fill(String[] answers, List<Integer> indexes, List<Object> reply) {
        for (int i = 0; i < indexes.size(); i++) {
            answers[indexes.get(i)] = reply.get(i).toString();
        }
    }

    private static String orEmpty(String id) {
        return id == null ? "" : id;
    }
}
