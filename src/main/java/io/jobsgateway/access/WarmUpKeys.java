package io.jobsgateway.access;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API keys a node's warm-up presents to itself: random, held only in this node's memory, and
 * valid only while the warm-up runs ({@link #issue} to {@link #revokeAll}). Each stands for a
 * key of its own ({@code keyId} {@code warmup-N}), so the warm-up's connections stay within
 * {@code jobs.max-connections-per-key} like any client's; all belong to client {@link #CLIENT_ID}.
 */
@ApplicationScoped
public class WarmUpKeys {

    public static final String CLIENT_ID = "jobs-gateway.warmup";

    /** SHA-256 hex of each issued key: a lookup by digest does not leak, through timing, how much of a key matched. */
    private final Map<String, Identity> issued = new ConcurrentHashMap<>();

    /** {@code count} new keys with the publish scope; the ones issued before stay valid. */
    public List<String> issue(int count) {
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] secret = new byte[32];
            TicketRandom.INSTANCE.nextBytes(secret);
            String key = "warmup." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            issued.put(ApiKeys.sha256Hex(key), new Identity("warmup-" + issued.size(), CLIENT_ID, null,
                    Set.of(Identity.PUBLISH)));
            keys.add(key);
        }
        return keys;
    }

    /** The warm-up is over: none of its keys opens anything any more. */
    public void revokeAll() {
        issued.clear();
    }

    Optional<Identity> authenticate(String presentedKey) {
        return issued.isEmpty() ? Optional.empty() : Optional.ofNullable(issued.get(ApiKeys.sha256Hex(presentedKey)));
    }
}
