package io.jobsgateway.access;

import io.jobsgateway.config.Settings;
import io.jobsgateway.api.Identifiers;
import io.jobsgateway.quirks.JsonP;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The API keys of the JSON file named by {@code jobs.api-keys.file}:
 * {@code [{"key": "k-alice", "clientId": "acme", "userId": "alice"},
 * {"keyHash": "sha256:<64 hex>", "clientId": "ops", "scopes": ["admin", "publish"]}]}.
 * Plain keys are hashed on loading, and no key is kept or logged in the clear. A presented key
 * is found by its SHA-256 digest, in one lookup however many keys there are: the time that
 * takes can tell an attacker something about the digest at most, never about a key, since
 * digests cannot be steered; the entry found is still compared in constant time.
 */
@ApplicationScoped
class FileApiKeys implements ApiKeys {

    private static final Logger LOG = Logger.getLogger(FileApiKeys.class.getName());
    private static final Set<String> KNOWN_SCOPES = Set.of(Identity.PUBLISH, Identity.ADMIN);
    /** The example file's admin key: its plain text is in the README, so it is good for the demo only. */
    private static final String PUBLIC_DEMO_KEY_DIGEST = ApiKeys.sha256Hex("demo-admin");

    private record Entry(byte[] digest, Identity identity) {
    }

    private volatile Map<String, Entry> byDigest = Map.of();
    private volatile boolean fileRead;
    private Settings settings;

    protected FileApiKeys() {
        // for CDI's proxy
    }

    @Inject
    public FileApiKeys(Settings settings) {
        this.settings = settings;
    }

    /**
     * Loads the file at start-up, so that a missing or wrong one is reported then, not at the
     * first connection; unless a host application replaced these keys with an {@link ApiKeys}
     * bean of its own, whose keys are then the only ones.
     */
    void loadAtStartup(@Observes Startup startup, BeanManager beans) {
        Bean<?> chosen = beans.resolve(beans.getBeans(ApiKeys.class));
        if (chosen != null && chosen.getBeanClass() == FileApiKeys.class) {
            load();
        }
    }

    synchronized void load() {
        if (fileRead) {
            return;
        }
        fileRead = true;
        Optional<String> file = settings.apiKeysFile();
        if (file.isEmpty()) {
            LOG.warning("No API keys are configured, so every connection will be refused. Set "
                    + Settings.API_KEYS_FILE + " (environment JOBS_API_KEYS_FILE) to a JSON file of keys,"
                    + " e.g. server-config/example-keys.json.");
            return;
        }
        List<Entry> entries = read(Path.of(file.get()));
        if (entries == null) {
            return; // read() said why
        }
        if (entries.isEmpty()) {
            LOG.warning(() -> "The API-keys file " + file.get() + " holds no usable key, so every"
                    + " connection will be refused.");
            return;
        }
        Map<String, Entry> loaded = new HashMap<>();
        for (Entry entry : entries) {
            String digest = HexFormat.of().formatHex(entry.digest());
            if (!settings.demoEnabled() && PUBLIC_DEMO_KEY_DIGEST.equals(digest)) {
                LOG.warning(() -> "The API-keys file " + file.get() + " holds the example key demo-admin, whose"
                        + " plain text is public: it is refused while jobs.demo.enabled is false. Remove it.");
                continue;
            }
            loaded.putIfAbsent(digest, entry); // the first of a key given twice
        }
        byDigest = Map.copyOf(loaded);
        LOG.info(() -> "Loaded " + entries.size() + " API keys from " + file.get());
    }

    @Override
    public Optional<Identity> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        if (!fileRead) {
            load(); // now, since start-up did not
        }
        byte[] presented = KeyDigest.sha256(presentedKey);
        Entry entry = byDigest.get(HexFormat.of().formatHex(presented));
        return entry != null && KeyDigest.matches(entry.digest(), presented)
                ? Optional.of(entry.identity()) : Optional.empty();
    }

    /**
     * Reads the file, or answers null after logging why it cannot; an entry that is wrong is
     * logged by its position (never its key) and skipped.
     */
    static List<Entry> read(Path file) {
        JsonArray array;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonValue value = JsonP.createReader(reader).readValue();
            if (value.getValueType() != JsonValue.ValueType.ARRAY) {
                throw new ClassCastException("not a JSON array");
            }
            array = value.asJsonArray();
        } catch (IOException | JsonException | ClassCastException e) {
            LOG.severe(() -> "Cannot read the API-keys file " + file + " (" + describe(e) + "): it must be"
                    + " a JSON array of {\"key\" or \"keyHash\", \"clientId\", \"userId\"?, \"scopes\"?}."
                    + " Every connection will be refused until it is fixed.");
            return null;
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            try {
                entries.add(entry(array.get(i), i + 1));
            } catch (IllegalArgumentException | ClassCastException e) {
                int position = i + 1;
                LOG.severe(() -> "API-keys file " + file + ", entry " + position + ": " + e.getMessage()
                        + "; that entry is ignored.");
            }
        }
        return List.copyOf(entries);
    }

    private static Entry entry(JsonValue value, int position) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException("is not a JSON object");
        }
        JsonObject object = value.asJsonObject();
        byte[] digest = digest(object);
        String clientId = object.getString("clientId", null);
        if (!Identifiers.isValid(clientId)) {
            throw new IllegalArgumentException("clientId is missing or not " + Identifiers.RULE);
        }
        String userId = object.getString("userId", null);
        if (userId != null && !Identifiers.isValid(userId)) {
            throw new IllegalArgumentException("userId is not " + Identifiers.RULE);
        }
        Set<String> scopes = new HashSet<>();
        for (JsonString scope : object.getJsonArray("scopes") == null ? List.<JsonString>of()
                : object.getJsonArray("scopes").getValuesAs(JsonString.class)) {
            if (!KNOWN_SCOPES.contains(scope.getString())) {
                throw new IllegalArgumentException("unknown scope '" + scope.getString()
                        + "' (known: publish, admin)");
            }
            scopes.add(scope.getString());
        }
        String keyId = "key:" + HexFormat.of().formatHex(digest, 0, 8) + ":" + position;
        return new Entry(digest, new Identity(keyId, clientId, userId, scopes));
    }

    private static byte[] digest(JsonObject object) {
        String key = object.getString("key", null);
        String keyHash = object.getString("keyHash", null);
        if (key != null && !key.isEmpty()) {
            return KeyDigest.sha256(key);
        }
        if (keyHash != null) {
            String hex = keyHash.startsWith("sha256:") ? keyHash.substring("sha256:".length()) : keyHash;
            if (hex.matches("[0-9a-fA-F]{64}")) {
                return HexFormat.of().parseHex(hex.toLowerCase());
            }
            throw new IllegalArgumentException("keyHash must be sha256: followed by 64 hex digits");
        }
        throw new IllegalArgumentException("has neither key nor keyHash");
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof JsonException) {
            return "not valid JSON";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
