package io.jobsgateway.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of keys, so that every comparison is between two 32-byte digests, in constant time. */
final class KeyDigest {

    private KeyDigest() {
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static boolean matches(byte[] expectedDigest, byte[] presentedDigest) {
        return MessageDigest.isEqual(expectedDigest, presentedDigest);
    }
}
