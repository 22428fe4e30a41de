package io.jobsgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsAreTheContracts() {
        Settings settings = Settings.of(Map.of());
        assertEquals(Optional.empty(), settings.apiKeysFile());
        assertEquals(10, settings.maxConnectionsPerKey());
        assertEquals(30_000, settings.heartbeatIntervalMs());
        assertEquals(60_000, settings.heartbeatTimeoutMs());
        assertEquals(100, settings.historyMaxEvents());
        assertEquals(86_400, settings.historyTtlSeconds());
        assertEquals(List.of("*"), settings.allowedOrigins());
        assertEquals(8192, settings.maxMessageBytes());
        assertEquals(20, settings.rateLimitPerSecond());
        assertEquals(100, settings.maxSubscriptions());
        assertEquals(1000, settings.maxQueuedMessages());
        assertEquals(Optional.empty(), settings.redis().address());
        assertFalse(settings.redis().enabled());
        assertFalse(settings.demoEnabled());
    }

    @Test
    void aWrongValueNamesTheSettingAndWhatItMustBe() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(Map.of("jobs.max-connections-per-key", "ten")));
        assertTrue(e.getMessage().startsWith("Setting jobs.max-connections-per-key must be a whole number"), e.getMessage());
        IllegalArgumentException secret = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(Map.of("jobs.redis.address", "tcp://:hunter2@redis:6379")));
        assertFalse(secret.getMessage().contains("hunter2"), "a value never shows: " + secret.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("jobs.heartbeat.timeout-ms", "0")));
        assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("jobs.demo.enabled", "yes")));
    }

    @Test
    void loadingReportsEveryWrongValueAndKeepsItsDefault() {
        Settings.Loaded loaded = Settings.load(name -> Optional.ofNullable(Map.of(
                "jobs.max-subscriptions", "-5", "jobs.demo.enabled", "maybe").get(name)));
        assertEquals(100, loaded.settings().maxSubscriptions());
        assertFalse(loaded.settings().demoEnabled());
        assertEquals(2, loaded.problems().size());
        assertTrue(loaded.problems().get(0).contains("default (100)"), loaded.problems().get(0));
    }

    @Test
    void theWatchdogIsOffByDefaultAndItsTimeoutsMayBeZero() {
        assertEquals(new Settings.Watchdog(0, 0, 1000), Settings.of(Map.of()).watchdog());
        assertEquals(new Settings.Watchdog(300, 0, 250), Settings.of(Map.of("jobs.stall-timeout-seconds", "300",
                "jobs.lost-timeout-seconds", "0", "jobs.watchdog.sweep-interval-ms", "250")).watchdog());
        assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("jobs.lost-timeout-seconds", "-1")));
        assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("jobs.watchdog.sweep-interval-ms", "0")));
    }

    @Test
    void originsAreAListAndAMissingOriginIsAllowed() {
        Settings settings = Settings.of(Map.of("jobs.allowed-origins", "https://a.example, https://b.example"));
        assertTrue(settings.originAllowed("https://b.example"));
        assertFalse(settings.originAllowed("https://evil.example"));
        assertTrue(settings.originAllowed(null));
        assertTrue(Settings.of(Map.of()).originAllowed("https://anything.example"));
    }
}
