package io.jobsgateway.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The API keys of a test deployment, written as the JSON file {@code jobs.api-keys.file} reads.
 * Every key is new and random, so that tests never share a key (the gateway limits connections
 * per key).
 */
final class ApiKeyFile {

    private final JsonArrayBuilder entries = Json.createArrayBuilder();
    private int count;

    /** A key given in plain, for {@code clientId}, bound to {@code userId} (or none), with these scopes. */
    String plain(String clientId, String userId, String... scopes) {
        String key = newKey(clientId, userId);
        entries.add(entry(clientId, userId, scopes).add("key", key));
        return key;
    }

    /** A key given only as {@code keyHash} ({@code sha256:<hex>}). */
    String hashed(String clientId, String userId, String... scopes) {
        String key = newKey(clientId, userId);
        entries.add(entry(clientId, userId, scopes).add("keyHash", "sha256:" + sha256Hex(key)));
        return key;
    }

    /** Writes the file to a new temporary file, returning its absolute path. */
    Path write() {
        try {
            Path file = Files.createTempFile("jobs-gateway-it-keys", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, entries.build().toString(), StandardCharsets.UTF_8);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String newKey(String clientId, String userId) {
        count++;
        return "k" + count + "-" + clientId + (userId == null ? "" : "-" + userId) + "-"
                + UUID.randomUUID().toString().replace("-", "");
    }

    private static JsonObjectBuilder entry(String clientId, String userId, String... scopes) {
        JsonObjectBuilder entry = Json.createObjectBuilder().add("clientId", clientId);
        if (userId != null) {
            entry.add("userId", userId);
        }
        if (scopes.length > 0) {
            entry.add("scopes", Json.createArrayBuilder(List.of(scopes)));
        }
        return entry;
    }

    static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
