package io.jobsgateway.it.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/**
 * A host application's login, deployed only with the login tests: HTTP Basic through Jakarta
 * Security (Payara and WildFly both take it from the WAR alone), for the users {@link #USERS},
 * each with the password {@value #PASSWORD}, all in group {@code user}, and {@value #OPERATOR} in
 * {@value #OPERATORS} too. No page requires it: a request that carries the credentials, such as a
 * WebSocket handshake, is logged in, and one that does not goes on as before.
 */
@ApplicationScoped
@BasicAuthenticationMechanismDefinition(realmName = "jobs-gateway tests")
public class TestLogins implements IdentityStore {

    public static final String OPERATOR = "olga";
    public static final String OPERATORS = "operators";
    public static final Set<String> USERS = Set.of("alice", "bob", OPERATOR);
    public static final String PASSWORD = "secret-of-the-login-tests";

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        if (!USERS.contains(credential.getCaller()) || !credential.getPasswordAsString().equals(PASSWORD)) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        return new CredentialValidationResult(credential.getCaller(),
                credential.getCaller().equals(OPERATOR) ? Set.of("user", OPERATORS) : Set.of("user"));
    }
}
