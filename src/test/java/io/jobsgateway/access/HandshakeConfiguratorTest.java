package io.jobsgateway.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HandshakeConfiguratorTest {

    @Test
    void aLoginIsSameOriginOnlyWhenOriginAndHostNameTheSameAuthority() {
        assertTrue(HandshakeConfigurator.sameOrigin("http://localhost:8080", "localhost:8080"));
        assertTrue(HandshakeConfigurator.sameOrigin("https://app.example.com", "APP.example.com"));
        assertFalse(HandshakeConfigurator.sameOrigin("https://evil.example", "app.example.com"));
        assertFalse(HandshakeConfigurator.sameOrigin("http://localhost:9999", "localhost:8080"));
        assertFalse(HandshakeConfigurator.sameOrigin("null", "localhost:8080"));
        assertFalse(HandshakeConfigurator.sameOrigin("not a uri", "localhost:8080"));
    }
}
