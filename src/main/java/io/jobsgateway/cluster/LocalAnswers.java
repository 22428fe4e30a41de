package io.jobsgateway.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The remembered answers of a single node; a claim is one atomic {@code putIfAbsent}. */
@ApplicationScoped
@Typed(LocalAnswers.class) // chosen by ClusterMode, not injected by interface
public class LocalAnswers implements Answers {

    private static final int SWEEP_ABOVE = 1024;

    /** {@code answer} null while the first request is in flight. */
    private record Kept(Answer answer, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<String, Kept> kept = new ConcurrentHashMap<>();

    @Override
    public Claim claim(String scope, Duration ttl) {
        long now = System.nanoTime();
        if (kept.size() > SWEEP_ABOVE) {
            kept.values().removeIf(entry -> entry.expiresAtNanos() - now <= 0);
        }
        Kept fresh = new Kept(null, now + ttl.toNanos());
        Kept earlier = kept.merge(scope, fresh, (old, mine) -> old.expiresAtNanos() - now <= 0 ? mine : old);
        if (earlier == fresh) {
            return Claim.FIRST;
        }
        return Optional.ofNullable(earlier.answer()).map(answer -> new Claim(false, answer)).orElse(Claim.IN_FLIGHT);
    }

    @Override
    public void record(String scope, Answer answer, Duration ttl) {
        kept.put(scope, new Kept(answer, System.nanoTime() + ttl.toNanos()));
    }

    @Override
    public void release(String scope) {
        kept.remove(scope);
    }
}
