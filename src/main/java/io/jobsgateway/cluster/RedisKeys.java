package io.jobsgateway.cluster;

/**
 * Every Redis key and channel the gateway uses. The braces are Redis Cluster hash tags: all
 * keys of one job share a slot, so one script may touch them together.
 */
public final class RedisKeys {

    /** The one pub/sub channel of the bus: job events, broadcasts and canaries, demultiplexed in process. */
    public static final String BUS_CHANNEL = "jobs-gateway:bus";

    /**
     * What each node last said of itself, for the operations page: a hash of node name to
     * {@code <end in ms, Redis's clock> <snapshot JSON>}; a report ends 10 s after its node wrote it.
     */
    public static final String NODE_REPORTS = "jobs-gateway:nodes";

    /**
     * The stalled-job watchdog's index: a sorted set of the watched jobs' ids, each scored by when
     * (ms, Redis's clock) the watchdog should look at it next. The job's own state (heard, stalled,
     * its timeouts) is in its owner hash; this only says when to read it.
     */
    public static final String WATCHED = "jobs-gateway:watched";

    /** The lock (a Redisson {@code RLock}) that one node holds for a sweep of the watchdog. */
    public static final String WATCHDOG_LOCK = "jobs-gateway:watchdog";

    private RedisKeys() {
    }

    /** The job's last {@code seq} (a counter). */
    public static String seq(String jobId) {
        return "job-seq:{" + jobId + "}";
    }

    /** The job's owner: a hash with {@code clientId} and, when the first event named one, {@code userId}. */
    public static String owner(String jobId) {
        return "job-owner:{" + jobId + "}";
    }

    /** The job's last {@code jobs.history.max-events} events (a list of bus envelopes, oldest first). */
    public static String history(String jobId) {
        return "job-history:{" + jobId + "}";
    }

    /** The connections of one API key (a sorted set: connection id scored by when its lease ends). */
    public static String leases(String keyId) {
        return "conn-leases:{" + keyId + "}";
    }

    /** The answer of a request with an Idempotency-Key ({@code keyId:idempotencyKey}), with its TTL. */
    public static String answer(String scope) {
        return "answer:{" + scope + "}";
    }

    /** A connection ticket: the identity it stands for, as JSON, with the ticket's TTL. */
    public static String ticket(String ticket) {
        return "ticket:{" + ticket + "}";
    }

    /** One connection's metadata (a hash: clientId, userId, node, connectedAt), kept while its lease is. */
    public static String client(String connectionId) {
        return "client:{" + connectionId + "}";
    }
}
