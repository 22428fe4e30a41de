package io.jobsgateway.quirks;

import java.util.function.Supplier;

/**
 * One endpoint object for every connection, for a configurator's {@code getEndpointInstance}.
 *
 * <p>Why: left to itself, Tyrus builds and injects a new endpoint object per connection through
 * CDI, whatever its scope, which was a fifth of a handshake's CPU. Our
 * endpoint holds no state, so one object serves all; WebSocket 2.1, section 3.1.7 lets a
 * configurator hand out any instance it likes.
 *
 * <p>Upstream: <a href="https://github.com/eclipse-ee4j/tyrus/issues/961">eclipse-ee4j/tyrus#961</a>
 * (open; fix proposed in PR 962).
 */
public final class SharedEndpoint<T> {

    private final Class<T> type;
    private final Supplier<T> create;
    private volatile T instance;

    public SharedEndpoint(Class<T> type, Supplier<T> create) {
        this.type = type;
        this.create = create;
    }

    public boolean serves(Class<?> requested) {
        return requested == type;
    }

    public T get() {
        T shared = instance;
        if (shared == null) { // two first handshakes at once may each make one: harmless, both work
            shared = create.get();
            instance = shared;
        }
        return shared;
    }
}
