package io.jobsgateway.bus;

import io.jobsgateway.api.Broadcast;
import io.jobsgateway.quirks.JsonP;
import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * What travels on the bus and sits in a job's history, as one line of tab-separated fields
 * (ids never hold a tab): {@code E jobId seq epoch clientId userId storedAtMicros json} for a job
 * event, built by the publish script (history written before store times were recorded has no
 * {@code storedAtMicros}, and is read as well); {@code B clientId userId json} for a broadcast; {@code C nodeId n} for
 * a canary. An empty field is an absent id.
 */
public final class Envelope {

    static final char EVENT = 'E';
    static final char BROADCAST = 'B';
    static final char CANARY = 'C';

    private Envelope() {
    }

    static char kind(String envelope) {
        return envelope.isEmpty() ? '?' : envelope.charAt(0);
    }

    /** A job event's envelope, as history holds it and the bus carries it. */
    public static StoredEvent event(String envelope) {
        String[] f = envelope.split("\t", 8); // JSON holds no raw tab
        String userId = f[5].isEmpty() ? null : f[5];
        if (f.length == 7) {
            return new StoredEvent(f[1], Long.parseLong(f[2]), f[3], f[4], userId, f[6]);
        }
        return new StoredEvent(f[1], Long.parseLong(f[2]), f[3], f[4], userId, f[7], Long.parseLong(f[6]));
    }

    /**
     * The Lua expression that builds a job event's envelope from the script's variables (or
     * {@code ARGV[i]}) named here: the Redis publish script stores and publishes exactly this.
     * An absent user is the empty string; {@code storedAtMicros} a string of digits.
     */
    public static String luaEvent(String jobId, String seq, String epoch, String clientId, String userId,
                                  String storedAtMicros, String json) {
        return "'" + EVENT + "\\t' .. " + String.join(" .. '\\t' .. ", jobId, seq, epoch, clientId, userId,
                storedAtMicros, json);
    }

    static String broadcast(Broadcast broadcast) {
        String json = JsonP.createObjectBuilder().add("event", broadcast.event()).add("data", broadcast.data())
                .add("timestamp", broadcast.timestamp().toEpochMilli()).build().toString();
        return BROADCAST + "\t" + orEmpty(broadcast.clientId()) + "\t" + orEmpty(broadcast.userId()) + "\t" + json;
    }

    static Broadcast broadcast(String envelope) {
        String[] f = envelope.split("\t", 4);
        JsonObject json;
        try (var reader = JsonP.createReader(f[3])) {
            json = reader.readObject();
        }
        return new Broadcast(f[1].isEmpty() ? null : f[1], f[2].isEmpty() ? null : f[2], json.getString("event"),
                json.getJsonObject("data"), Instant.ofEpochMilli(json.getJsonNumber("timestamp").longValue()));
    }

    static String canary(String nodeId, long n) {
        return CANARY + "\t" + nodeId + "\t" + n;
    }

    /** The node a canary came from. */
    static String canaryNode(String envelope) {
        return envelope.split("\t", 3)[1];
    }

    private static String orEmpty(String id) {
        return id == null ? "" : id;
    }
}
