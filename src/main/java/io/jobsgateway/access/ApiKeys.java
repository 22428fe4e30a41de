package io.jobsgateway.access;

import java.util.Optional;

/**
 * Turns a presented API key into an {@link Identity}. The gateway's own implementation reads
 * the JSON file of {@code jobs.api-keys.file} ({@link FileApiKeys}); a host application
 * replaces it with a bean of its own, for instance keys kept in its database:
 *
 * <pre>{@code
 * @Alternative @Priority(Interceptor.Priority.APPLICATION)
 * @ApplicationScoped
 * public class DatabaseApiKeys implements ApiKeys {
 *     @Inject KeyRepository keys;
 *
 *     public Optional<Identity> authenticate(String presentedKey) {
 *         return keys.findBySha256(ApiKeys.sha256Hex(presentedKey))
 *                 .map(k -> new Identity("db:" + k.id(), k.clientId(), k.userId(), k.scopes()));
 *     }
 * }
 * }</pre>
 *
 * An implementation must compare keys in constant time and never log them.
 */
public interface ApiKeys {

    /** The identity the key stands for, or empty when the key is unknown. */
    Optional<Identity> authenticate(String presentedKey);

    /** SHA-256 of the key's UTF-8 bytes in lower-case hex: the form a {@code keyHash} takes. */
    static String sha256Hex(String key) {
        return java.util.HexFormat.of().formatHex(KeyDigest.sha256(key));
    }
}
