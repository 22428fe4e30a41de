package io.jobsgateway.quirks;

import jakarta.enterprise.inject.spi.CDI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Application beans for a WebSocket configurator, each looked up once.
 *
 * <p>Why: Tyrus and Undertow create configurators themselves, outside CDI (WebSocket 2.1 leaves
 * configurators out of CDI injection), so a configurator has to look
 * its beans up; and {@code CDI.current()} finds the container by class loader on every call,
 * which was a tenth of a handshake's CPU. The beans are application-scoped proxies, so one
 * look-up holds for the application's life.
 *
 * <p>Upstream: <a href="https://github.com/jakartaee/websocket/issues/197">jakartaee/websocket#197</a>
 * (CDI integration, open); the cost of {@code CDI.current()}:
 * <a href="https://github.com/omnifaces/omnifaces/issues/1004">omnifaces/omnifaces#1004</a>. Our
 * reports: src/docs/upstream-reports.md, section 8.
 */
public final class ConfiguratorBeans {

    private final ConcurrentHashMap<Class<?>, Object> beans = new ConcurrentHashMap<>();

    public <T> T get(Class<T> type) {
        return type.cast(beans.computeIfAbsent(type, t -> CDI.current().select(t).get()));
    }
}
