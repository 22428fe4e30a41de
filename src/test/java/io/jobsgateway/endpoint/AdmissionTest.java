package io.jobsgateway.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.Managed;
import io.jobsgateway.access.Identity;
import io.jobsgateway.cluster.LocalConnectionLimits;
import io.jobsgateway.config.Settings;
import io.jobsgateway.delivery.OpenConnections;
import io.jobsgateway.delivery.TestOpenConnections;
import io.jobsgateway.ops.TestOps;
import io.jobsgateway.rooms.TestEntrance;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Opening a connection, with the container played by fakes: a real client's reset cannot be
 * timed to land inside {@code @OnOpen} from outside, so the fake session drops at that moment.
 */
class AdmissionTest {

    private static final Identity ALICE = new Identity("key:alice", "acme", "alice", Set.of());

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Settings settings = Settings.of(Map.of("jobs.max-connections-per-key", "1"));
    private final LocalConnectionLimits limits = new LocalConnectionLimits(settings);
    private final OpenConnections connections = TestOpenConnections.create();
    private final Admission admission = new Admission();

    {
        admission.settings = settings;
        admission.entrance = TestEntrance.create(settings, limits, connections);
        admission.metrics = TestOps.metrics(settings);
        admission.executor = Managed.executor(executor);
        admission.scheduler = Managed.scheduler(scheduler);
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        scheduler.shutdownNow();
    }

    /**
     * The client resets its TCP connection as the upgrade completes: the first write, the
     * {@code connected} message, fails, and the container closes the session and reports it
     * ({@code @OnClose}) while {@code @OnOpen} still runs, before the connection is registered.
     * The connection must not stay counted against its key (that slot was lost for good).
     */
    @Test
    void aConnectionDroppedDuringOnOpenGivesItsSlotBack() {
        Session session = droppingAtFirstWrite();

        admission.open(session, Optional.of(ALICE));

        assertTrue(limits.tryAcquire(ALICE, "the next one"), "the key's one slot is free again");
        assertEquals(List.of(), List.copyOf(connections.all()), "no connection of a dropped session stays open");
    }

    /** A session whose first write fails: the container closes it and reports the close at once. */
    private Session droppingAtFirstWrite() {
        Map<String, Object> properties = new HashMap<>();
        Session[] session = new Session[1];
        boolean[] open = {true};
        RemoteEndpoint.Async remote = fake(RemoteEndpoint.Async.class, (method, args) -> {
            if (method.equals("sendText")) {
                open[0] = false;
                admission.closed(session[0], new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "reset")); // the container's @OnClose, before the connection is registered
                ((SendHandler) args[1]).onResult(new SendResult(new IOException("Connection reset by peer")));
            }
            return null;
        });
        session[0] = fake(Session.class, (method, args) -> switch (method) {
            case "isOpen" -> open[0];
            case "getUserProperties" -> properties;
            case "getAsyncRemote" -> remote;
            case "getMaxIdleTimeout" -> 0L;
            case "close" -> {
                open[0] = false;
                yield null;
            }
            default -> null;
        });
        return session[0];
    }

    private interface Answers {
        Object answer(String method, Object[] args);
    }

    private static <T> T fake(Class<T> type, Answers answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "a fake " + type.getSimpleName();
                    default -> answers.answer(method.getName(), args);
                }));
    }
}
