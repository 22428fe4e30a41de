package io.jobsgateway.delivery;

import io.jobsgateway.wire.WireFormat;
import jakarta.enterprise.event.Event;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;

/** {@link OpenConnections} outside CDI, for tests of other packages: no observers, lanes that run inline. */
public final class TestOpenConnections {

    private TestOpenConnections() {
    }

    public static OpenConnections create() {
        OpenConnections connections = new OpenConnections();
        connections.lanes = new Lanes(Runnable::run);
        connections.wire = new WireFormat();
        connections.opened = unobserved();
        connections.closed = unobserved();
        return connections;
    }

    @SuppressWarnings("unchecked")
    private static <T> Event<T> unobserved() {
        return (Event<T>) Proxy.newProxyInstance(Event.class.getClassLoader(), new Class<?>[] {Event.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "fireAsync" -> CompletableFuture.completedFuture(args[0]);
                    case "select" -> proxy;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "an Event nobody observes";
                    default -> null; // fire
                });
    }
}
