package io.jobsgateway.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * The remembered answers of a cluster, in Redis: one key per scope, set only if absent to claim
 * it (empty while the first request is in flight), then to {@code status LF body}.
 */
@ApplicationScoped
@Typed(RedisAnswers.class) // chosen by ClusterMode, not injected by interface
public class RedisAnswers implements Answers {

    @Inject
    RedissonClient redis;

    @Override
    public Claim claim(String scope, Duration ttl) {
        RBucket<String> bucket = bucket(scope);
        try {
            if (bucket.setIfAbsent("", ttl)) {
                return Claim.FIRST;
            }
            String kept = bucket.get();
            if (kept == null) {
                return claim(scope, ttl); // expired between the two calls
            }
            int newline = kept.indexOf('\n');
            return newline < 0 ? Claim.IN_FLIGHT
                    : new Claim(false, new Answer(Integer.parseInt(kept.substring(0, newline)), kept.substring(newline + 1)));
        } catch (RedisException e) {
            throw new ClusterUnavailableException("Redis: " + e.getMessage(), e);
        }
    }

    @Override
    public void record(String scope, Answer answer, Duration ttl) {
        try {
            bucket(scope).set(answer.status() + "\n" + answer.body(), ttl);
        } catch (RedisException e) {
            throw new ClusterUnavailableException("Redis: " + e.getMessage(), e);
        }
    }

    @Override
    public void release(String scope) {
        bucket(scope).deleteAsync();
    }

    private RBucket<String> bucket(String scope) {
        return redis.getBucket(RedisKeys.answer(scope), StringCodec.INSTANCE);
    }
}
