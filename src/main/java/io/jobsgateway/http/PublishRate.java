package io.jobsgateway.http;

import io.jobsgateway.access.Identity;
import io.jobsgateway.config.Settings;
import io.jobsgateway.ops.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code jobs.rate-limit.publish-per-second}: HTTP requests per API key per second on this node
 * (none when 0). Past it a request is answered 429 with {@code Retry-After}, the seconds until
 * the key's next second begins, rounded up.
 */
@ApplicationScoped
class PublishRate {

    private static final long SECOND_NANOS = 1_000_000_000L;

    /** One key's current second; its fields are guarded by itself. */
    private static final class Window {
        long startNanos;
        int count;
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    @Inject
    Settings settings;
    @Inject
    GatewayMetrics metrics;

    /** Counts the request; throws the 429 when the key is past its limit this second. */
    void admit(Identity who) {
        int limit = settings.bounds().publishRatePerSecond();
        if (limit == 0) {
            return;
        }
        long now = System.nanoTime();
        Window window = windows.computeIfAbsent(who.keyId(), key -> new Window());
        long waitNanos;
        synchronized (window) {
            if (window.count == 0 || now - window.startNanos >= SECOND_NANOS) {
                window.startNanos = now;
                window.count = 0;
            }
            if (++window.count <= limit) {
                return;
            }
            waitNanos = SECOND_NANOS - (now - window.startNanos);
        }
        metrics.rateLimited();
        throw ApiError.rateLimited(limit, Math.max(1, (waitNanos + SECOND_NANOS - 1) / SECOND_NANOS));
    }
}
