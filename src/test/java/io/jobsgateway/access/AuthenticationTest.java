package io.jobsgateway.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuthenticationTest {

    @Test
    void aLoginIsSameOriginOnlyWhenOriginAndHostNameTheSameAuthority() {
        assertTrue(Authentication.sameOrigin("http://localhost:8080", "localhost:8080"));
        assertTrue(Authentication.sameOrigin("https://app.example.com", "APP.example.com"));
        assertFalse(Authentication.sameOrigin("https://evil.example", "app.example.com"));
        assertFalse(Authentication.sameOrigin("http://localhost:9999", "localhost:8080"));
        assertFalse(Authentication.sameOrigin("null", "localhost:8080"));
        assertFalse(Authentication.sameOrigin("not a uri", "localhost:8080"));
    }
}
