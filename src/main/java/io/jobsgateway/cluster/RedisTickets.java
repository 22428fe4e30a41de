package io.jobsgateway.cluster;

import io.jobsgateway.access.Identity;
import io.jobsgateway.access.Tickets;
import io.jobsgateway.config.Settings;
import io.jobsgateway.quirks.JsonP;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * The tickets of a cluster, in Redis, so that a ticket issued on one node is redeemed on any:
 * one key per ticket with its TTL, read and deleted in one step (GETDEL), so only once.
 */
@ApplicationScoped
@Typed(RedisTickets.class) // chosen by ClusterMode, not injected by interface
public class RedisTickets implements Tickets {

    @Inject
    RedissonClient redis;
    @Inject
    Settings settings;

    @Override
    public String issue(Identity who, Duration ttl) {
        String ticket = Tickets.newTicket();
        try {
            redis.<String>getBucket(RedisKeys.ticket(ticket), StringCodec.INSTANCE).set(toJson(who), ttl);
        } catch (RedisException e) {
            throw new ClusterUnavailableException("Redis: " + e.getMessage(), e);
        }
        return ticket;
    }

    /**
     * Runs in the handshake, on a container thread: like the lease ({@link RedisConnectionLimits#tryAcquire}),
     * it waits {@link RedisConnectionLimits#HANDSHAKE_WAIT_MILLIS} at most, not a command's timeout
     * and its retries. A ticket redeemed after that is spent; the client asks for a new one.
     */
    @Override
    public Optional<Identity> redeem(String ticket) {
        String json;
        try {
            json = redis.<String>getBucket(RedisKeys.ticket(ticket), StringCodec.INSTANCE).getAndDeleteAsync()
                    .toCompletableFuture().get(Math.min(RedisConnectionLimits.HANDSHAKE_WAIT_MILLIS,
                            settings.redis().timeoutMs()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ClusterUnavailableException("Redis, which holds the tickets, did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("interrupted while redeeming a ticket", e);
        }
        return Optional.ofNullable(json).map(RedisTickets::fromJson);
    }

    private static String toJson(Identity who) {
        var json = JsonP.createObjectBuilder().add("keyId", who.keyId()).add("clientId", who.clientId())
                .add("scopes", JsonP.createArrayBuilder(who.scopes()));
        if (who.userId() != null) {
            json.add("userId", who.userId());
        }
        return json.build().toString();
    }

    private static Identity fromJson(String text) {
        JsonObject json = JsonP.readWhole(text).asJsonObject();
        Set<String> scopes = json.getJsonArray("scopes").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).collect(Collectors.toSet());
        return new Identity(json.getString("keyId"), json.getString("clientId"), json.getString("userId", null), scopes);
    }
}
