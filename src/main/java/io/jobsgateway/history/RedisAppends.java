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

    /**
     * An event to store, its JSON's parts, the owner of its job if it is new (null for none), what
     * the log keeps of it, the seq its job must be at for it to be stored (-1: any; the watchdog's
     * events), and for the watchdog's stall, when the job's next step falls due (-1: never).
     */
    record Item(JobEvent event, JobEventParts parts, String ownerIfNew, Tracking tracking, long ifAtSeq,
                long nextStepAtMillis) {

        Item(JobEvent event, JobEventParts parts, String ownerIfNew) {
            this(event, parts, ownerIfNew, Tracking.of(event), -1, -1);
        }
    }

    /** What the script answers for an event of a new job that names no owner. */
    static final String NO_OWNER = "NO_OWNER";
    /** What the script answers for an event that names another owner than its job's. */
    static final String OWNER_CONFLICT = "OWNER_CONFLICT";
    /** What the script answers for an event stored only at a seq its job is no longer at. */
    static final String MOVED_ON = "MOVED_ON";

    private static final int ARGS_BEFORE_EVENTS = 7;
    private static final int ARGS_PER_EVENT = 13;

    // KEYS: seq, owner, history. ARGV: maxEvents, ttl, seqTtl, channel, jobId, epoch, the watchdog's first look
    // after a real event by the settings (ms, 0: none); then 13 per event: clientId ('' keeps the job's),
    // ownerIfNew ('' none), userId, head, middle, tail, its Tracking kind, the seq the job must be at ('' any),
    // its percent ('' none), its timestamp (ms), a job.created's own stall and lost timeouts (s, '' none) and
    // then first look (ms), or for the watchdog's stall the job's next step (ms, '' none). The epoch given is
    // the job's new stream when its seq starts at 1 (a new job, or Redis lost the counter). Answers per event
    // its envelope, or NO_OWNER, OWNER_CONFLICT or MOVED_ON for one refused, never an error: the events after
    // it go on, and a pipelined batch of such calls has nothing to fail on. The answer's last element is the
    // job's place in the watchdog's index after the call: a time (ms), '-' for out of it, '' for unchanged.
    //
    // Owner hash fields besides the owner: rp, rt, rr the progress estimate's baseline (ProgressRate); heard
    // (ms, Redis's clock) while the job is watched, stalled ('1' once the watchdog said so), wStall, wLost,
    // wFirst its own timeouts.
    static final String APPEND = """
            local results = {}
            local any = false
            local due = ''
            for i = 8, #ARGV, 13 do
              local kind = ARGV[i + 6]
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
              elseif ARGV[i + 7] ~= '' and (redis.call('GET', KEYS[1]) or '0') ~= ARGV[i + 7] then
                results[#results + 1] = 'MOVED_ON'
              else
                if user == '' then user = redis.call('HGET', KEYS[2], 'userId') or '' end
                local seq = redis.call('INCR', KEYS[1])
                local epoch = redis.call('HGET', KEYS[2], 'epoch')
                if seq == 1 or not epoch then
                  epoch = ARGV[6]
                  redis.call('HSET', KEYS[2], 'epoch', epoch)
                end
                local tail = ARGV[i + 5]
                if kind == 's' then
                  redis.call('HSET', KEYS[2], 'rp', 0, 'rt', ARGV[i + 9], 'rr', '')
                elseif kind == 'p' or kind == 'q' then
                  local p, t = tonumber(ARGV[i + 8]), tonumber(ARGV[i + 9])
                  local state = redis.call('HMGET', KEYS[2], 'rp', 'rt', 'rr')
                  local bp, bt, br = tonumber(state[1]), tonumber(state[2]), state[3]
                  if bp ~= nil and br ~= '' then br = tonumber(br) end
            """ + ProgressRate.LUA_NEXT + """
                  redis.call('HSET', KEYS[2], 'rp', bp, 'rt', bt, 'rr', br)
                  if kind == 'p' then
            """ + ProgressRate.LUA_FIELDS + JobEventParts.luaWithDataMembers("tail", "fields") + """
                  end
                end
            """ + JobEventParts.luaAssemble("ARGV[i + 3]", "seq", "epoch", "ARGV[i + 4]", "owner", "user", "tail")
            + "local now = redis.call('TIME')\n"
            + "local stored = now[1] .. string.format('%06d', tonumber(now[2]))\n"
            + "local envelope = " + Envelope.luaEvent("ARGV[5]", "seq", "epoch", "owner", "user", "stored", "json")
            + "\n" + """
                redis.call('RPUSH', KEYS[3], envelope)
                redis.call('PUBLISH', ARGV[4], envelope)
                results[#results + 1] = envelope
                any = true
                if kind == 'S' then
                  redis.call('HSET', KEYS[2], 'stalled', '1')
                  due = ARGV[i + 12] ~= '' and ARGV[i + 12] or '-'
                elseif kind == 'L' or kind == 't' then
                  redis.call('HDEL', KEYS[2], 'heard', 'stalled')
                  due = '-'
                else
                  if kind == 'c' and ARGV[i + 10] ~= '' then
                    redis.call('HSET', KEYS[2], 'wStall', ARGV[i + 10], 'wLost', ARGV[i + 11], 'wFirst', ARGV[i + 12])
                    redis.call('HDEL', KEYS[2], 'heard', 'stalled')
                    due = '-'
                  end
                  local first = tonumber(redis.call('HGET', KEYS[2], 'wFirst') or ARGV[7])
                  if first > 0 then
                    local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
                    redis.call('HSET', KEYS[2], 'heard', ms, 'stalled', '')
                    due = string.format('%d', ms + first)
                  end
                end
              end
            end
            if any then
              redis.call('LTRIM', KEYS[3], -tonumber(ARGV[1]), -1)
              redis.call('EXPIRE', KEYS[3], ARGV[2])
              redis.call('EXPIRE', KEYS[1], ARGV[3])
              redis.call('EXPIRE', KEYS[2], ARGV[3])
            end
            results[#results + 1] = due
            return results
            """;

    private final RedissonClient redis;
    private final RScript script;
    private final Settings settings;
    private final WatchIndex watched;

    RedisAppends(RedissonClient redis, Settings settings) {
        this.redis = redis;
        this.script = redis.getScript(StringCodec.INSTANCE);
        this.settings = settings;
        this.watched = new WatchIndex(redis, settings.watchdog());
    }

    /**
     * Stores the items, each job's in the order given: one script call when they are all of one
     * job, else one per job, pipelined. Answers per item, in order, its envelope or
     * {@link #NO_OWNER}, {@link #OWNER_CONFLICT} or {@link #MOVED_ON}. The watchdog's index follows
     * ({@link WatchIndex}).
     */
    List<String> store(List<Item> items) {
        Map<String, List<Integer>> byJob = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            byJob.computeIfAbsent(items.get(i).event().jobId(), job -> new ArrayList<>()).add(i);
        }
        List<String> mayBeWatched = byJob.keySet().stream().filter(jobId -> watched.mayWatch(byJob.get(jobId).stream().map(i -> items.get(i).tracking()).toList())).toList();
        String[] answers = new String[items.size()];
        if (byJob.size() == 1 && mayBeWatched.isEmpty()) {
            var job = byJob.entrySet().iterator().next();
            List<Object> reply = RedisJobLog.call(() -> script.eval(RScript.Mode.READ_WRITE, APPEND,
                    RScript.ReturnType.LIST, keys(job.getKey()), args(job.getKey(), job.getValue(), items)));
            fill(answers, job.getValue(), reply);
            watched.after(Map.of(job.getKey(), reply));
        } else {
            record Pending(List<Integer> indexes, RFuture<List<Object>> reply) {
            }
            RBatch batch = redis.createBatch(BatchOptions.defaults());
            watched.before(batch, mayBeWatched);
            var pipelined = batch.getScript(StringCodec.INSTANCE);
            List<Pending> pending = new ArrayList<>(byJob.size());
            byJob.forEach((jobId, indexes) -> pending.add(new Pending(indexes, pipelined.evalAsync(RScript.Mode.READ_WRITE,
                    APPEND, RScript.ReturnType.LIST, keys(jobId), args(jobId, indexes, items)))));
            RedisJobLog.call(batch::execute);
            Map<String, List<Object>> replies = new LinkedHashMap<>();
            pending.forEach(job -> {
                List<Object> reply = job.reply().toCompletableFuture().join();
                fill(answers, job.indexes(), reply);
                replies.put(items.get(job.indexes().get(0)).event().jobId(), reply);
            });
            watched.after(replies);
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
        Settings.Watchdog watchdog = settings.watchdog();
        args[6] = millis(Silence.firstStepAfter(watchdog.stallTimeoutSeconds(), watchdog.lostTimeoutSeconds()));
        int at = ARGS_BEFORE_EVENTS;
        for (int index : indexes) {
            Item item = items.get(index);
            args[at++] = orEmpty(item.event().clientId());
            args[at++] = orEmpty(item.ownerIfNew());
            args[at++] = orEmpty(item.event().userId());
            args[at++] = item.parts().head();
            args[at++] = item.parts().middle();
            args[at++] = item.parts().tail();
            Tracking tracking = item.tracking();
            args[at++] = String.valueOf(tracking.kind());
            args[at++] = item.ifAtSeq() < 0 ? "" : Long.toString(item.ifAtSeq());
            args[at++] = tracking.counted() ? Double.toString(tracking.percent()) : "";
            args[at++] = Long.toString(tracking.atMillis());
            if (tracking.kind() == Tracking.CREATED && tracking.setsTimeouts()) {
                long stall = tracking.stallSeconds(watchdog);
                long lost = tracking.lostSeconds(watchdog);
                args[at++] = Long.toString(stall);
                args[at++] = Long.toString(lost);
                args[at++] = millis(Silence.firstStepAfter(stall, lost));
            } else {
                args[at++] = "";
                args[at++] = "";
                args[at++] = item.nextStepAtMillis() < 0 ? "" : Long.toString(item.nextStepAtMillis());
            }
        }
        return args;
    }

    private static void fill(String[] answers, List<Integer> indexes, List<Object> reply) {
        for (int i = 0; i < indexes.size(); i++) {
            answers[indexes.get(i)] = reply.get(i).toString();
        }
    }

    private static String millis(java.util.Optional<java.time.Duration> duration) {
        return Long.toString(duration.map(java.time.Duration::toMillis).orElse(0L));
    }

    private static String orEmpty(String id) {
        return id == null ? "" : id;
    }
}
