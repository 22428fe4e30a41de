package io.jobsgateway.stream;

import io.jobsgateway.access.Identity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's open event streams by key, to find those whose client left. A servlet learns that
 * a client closed a held response only when a write to it fails (the Servlet API has no close
 * notification: <a href="https://github.com/jakartaee/servlet/issues/44">jakartaee/servlet#44</a>),
 * which the heartbeat's pings find within two intervals. A page that reloads opens its next
 * stream before then: when that one is refused for its key's limit, the key's streams are
 * probed with empty comments (a first write to a closed TCP connection draws a reset, a later
 * one fails), and the slots of those that are gone are free for the retry.
 */
@ApplicationScoped
class OpenStreams {

    private static final long PROBE_GAP_MILLIS = 40;
    /** Grizzly fails only the write after the one that met the reset: three rounds tell. */
    private static final int PROBE_ROUNDS = 3;

    private final ConcurrentHashMap<String, Set<SseTransport>> byKey = new ConcurrentHashMap<>();

    void add(Identity who, SseTransport stream) {
        byKey.computeIfAbsent(who.keyId(), key -> ConcurrentHashMap.newKeySet()).add(stream);
    }

    void remove(Identity who, SseTransport stream) {
        byKey.computeIfPresent(who.keyId(), (key, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    /** Probes the key's streams a few times, a moment apart (about 120 ms in all); true if it had any to probe. */
    boolean probe(Identity who) {
        Set<SseTransport> streams = byKey.get(who.keyId());
        if (streams == null || streams.isEmpty()) {
            return false;
        }
        try {
            for (int round = 0; round < PROBE_ROUNDS; round++) {
                streams.forEach(SseTransport::probe);
                Thread.sleep(PROBE_GAP_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
