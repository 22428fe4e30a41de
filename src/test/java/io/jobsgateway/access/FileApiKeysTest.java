package io.jobsgateway.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileApiKeysTest {

    @TempDir
    Path dir;

    private FileApiKeys load(String json) throws IOException {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, json);
        FileApiKeys keys = new FileApiKeys(Settings.of(Map.of(Settings.API_KEYS_FILE, file.toString())));
        keys.load();
        return keys;
    }

    @Test
    void plainAndHashedKeysAuthenticate() throws IOException {
        FileApiKeys keys = load("""
                [{"key": "k-alice", "clientId": "acme", "userId": "alice"},
                 {"keyHash": "sha256:%s", "clientId": "ops", "scopes": ["admin", "publish"]}]
                """.formatted(ApiKeys.sha256Hex("k-admin")));

        Identity alice = keys.authenticate("k-alice").orElseThrow();
        assertEquals("acme", alice.clientId());
        assertEquals("alice", alice.userId());
        assertEquals(Set.of(), alice.scopes());
        Identity admin = keys.authenticate("k-admin").orElseThrow();
        assertTrue(admin.isAdmin() && admin.canPublish());
        assertNotEquals(alice.keyId(), admin.keyId());
        assertTrue(keys.authenticate("k-nobody").isEmpty());
        assertTrue(keys.authenticate("").isEmpty());
        assertTrue(keys.authenticate(null).isEmpty());
    }

    @Test
    void theKeyIdNeverContainsTheKey() throws IOException {
        FileApiKeys keys = load("[{\"key\": \"secret-key-123\", \"clientId\": \"acme\"}]");
        assertTrue(!keys.authenticate("secret-key-123").orElseThrow().keyId().contains("secret"));
    }

    @Test
    void wrongEntriesAreSkippedAndTheRestStillWork() throws IOException {
        FileApiKeys keys = load("""
                [{"key": "no-client"},
                 {"clientId": "acme"},
                 {"key": "bad-scope", "clientId": "acme", "scopes": ["root"]},
                 {"keyHash": "sha256:1234", "clientId": "acme"},
                 {"key": "bad-client", "clientId": "a b"},
                 "not an object",
                 {"key": "good", "clientId": "acme"}]
                """);

        assertTrue(keys.authenticate("no-client").isEmpty());
        assertTrue(keys.authenticate("bad-scope").isEmpty());
        assertTrue(keys.authenticate("bad-client").isEmpty());
        assertEquals("acme", keys.authenticate("good").orElseThrow().clientId());
    }

    @Test
    void noFileOrABrokenFileRefusesEveryKey() throws IOException {
        FileApiKeys none = new FileApiKeys(Settings.of(Map.of()));
        none.load();
        assertTrue(none.authenticate("anything").isEmpty());

        FileApiKeys missing = new FileApiKeys(Settings.of(Map.of(Settings.API_KEYS_FILE, dir.resolve("nope").toString())));
        missing.load();
        assertTrue(missing.authenticate("anything").isEmpty());

        assertTrue(load("{\"key\": \"k\", \"clientId\": \"acme\"}").authenticate("k").isEmpty(), "not an array");
        assertTrue(load("[{\"key\": ").authenticate("k").isEmpty(), "not JSON");
    }

    @Test
    void theKeyIsFoundInBearerXApiKeyOrQuery() {
        Map<String, java.util.List<String>> none = Map.of();
        assertEquals("k1", PresentedKey.find(Map.of("authorization", java.util.List.of("Bearer k1")), none).orElseThrow());
        assertEquals("k2", PresentedKey.find(Map.of("X-Api-Key", java.util.List.of("k2")), none).orElseThrow());
        assertEquals("k3", PresentedKey.find(none, Map.of("apiKey", java.util.List.of("k3"))).orElseThrow());
        assertTrue(PresentedKey.find(Map.of("Authorization", java.util.List.of("Basic xyz")), none).isEmpty());
        assertTrue(PresentedKey.find(none, none).isEmpty());
    }

    @Test
    void theExampleAdminKeyWorksOnlyWithTheDemoOn() throws IOException {
        Path file = dir.resolve("example.json");
        Files.writeString(file, "[{\"keyHash\": \"sha256:" + ApiKeys.sha256Hex("demo-admin")
                + "\", \"clientId\": \"ops\", \"scopes\": [\"admin\"]}]");
        FileApiKeys off = new FileApiKeys(Settings.of(Map.of(Settings.API_KEYS_FILE, file.toString())));
        off.load();
        assertTrue(off.authenticate("demo-admin").isEmpty(), "its plain text is public");

        FileApiKeys demo = new FileApiKeys(Settings.of(Map.of(Settings.API_KEYS_FILE, file.toString(),
                "jobs.demo.enabled", "true")));
        demo.load();
        assertTrue(demo.authenticate("demo-admin").isPresent());
    }
}
