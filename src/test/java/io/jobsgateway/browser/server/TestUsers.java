package io.jobsgateway.browser.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.FormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/**
 * A host application's login, as Jakarta Security sets one up: form login (the user stays
 * logged in through the HTTP session, which the WebSocket handshake carries) against one test
 * user, {@value #USER} / {@value #PASSWORD}.
 */
@ApplicationScoped
@FormAuthenticationMechanismDefinition(loginToContinue = @LoginToContinue(loginPage = "/login.html",
        errorPage = "/login.html?failed", useForwardToLogin = false))
public class TestUsers implements IdentityStore {

    public static final String USER = "tester";
    public static final String PASSWORD = "secret-of-the-tests";

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return credential.compareTo(USER, PASSWORD)
                ? new CredentialValidationResult(USER, Set.of("user"))
                : CredentialValidationResult.INVALID_RESULT;
    }
}
