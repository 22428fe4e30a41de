package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobsgateway.it.server.TestJobs;
import io.jobsgateway.it.server.TestJobsResource;
import io.jobsgateway.it.server.TestLogins;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Users logged in through the host's container security, who connect with no key: each is user
 * {@code <login name>} of client {@code jobs.login.client-id} (here its default, {@value #CLIENT}),
 * so every user is one person of the same client. The deployment is the packaged WAR plus a
 * test-only login ({@link TestLogins}: HTTP Basic for alice, bob and olga), with its settings as
 * shipped but for {@code jobs.ops.role} (olga's group), and the test EJB ({@link TestJobs}) that
 * fires a user's job events the way a host does.
 */
class LoginsIT extends DeployedGatewayTest {

    private static final String CLIENT = "default";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(Map.of("jobs.ops.role", TestLogins.OPERATORS))
                .addClasses(TestLogins.class, TestJobs.class, TestJobsResource.class);
    }

    private static Auth login(String user) {
        return Auth.basic(user, TestLogins.PASSWORD);
    }

    @Test
    void aLoggedInUserIsThatUserOfTheLoginClient() {
        JsonObject hello = gateway.connect("alice, logged in", login("alice")).hello();

        assertEquals(CLIENT, hello.getString("clientId"), hello.toString());
        assertEquals("alice", hello.getString("userId"), hello.toString());
        assertEquals(4401, gateway.open("a wrong password", Auth.basic("alice", "not-" + TestLogins.PASSWORD))
                .awaitClose(), "a failed login is no identity");
    }

    @Test
    void aLoggedInUserSeesNoOtherUsersJobInAnyRoomNorItsHistory() {
        String alicesJob = UserIsolation.aliceAloneGetsHerJob(gateway, CLIENT, login("alice"), login("bob"), job ->
                // the host's bean fires it for the logged-in user, as a host application does
                assertEquals(204, gateway.post("test-jobs/" + job + "/burst?count=1&clientId=" + CLIENT + "&userId=alice",
                        Auth.none(), "").statusCode()));

        assertEquals(401, gateway.get("jobs/" + alicesJob + "/history", login("bob")).statusCode(),
                "the HTTP API takes keys, not logins: bob reads no history of alice's job there either");
    }

    @Test
    void theOperationsDataTakesALoginInTheRoleOfJobsOpsRole() {
        HttpResponse<String> operator = gateway.opsData(login(TestLogins.OPERATOR));
        assertEquals(200, operator.statusCode(), operator.body());
        assertEquals(1, Gateway.json(operator).getJsonArray("nodes").size(), operator.body());

        HttpResponse<String> user = gateway.opsData(login("alice"));
        assertEquals(403, user.statusCode(), "logged in, but not in role " + TestLogins.OPERATORS + ": " + user.body());
        assertEquals("forbidden", Gateway.json(user).getString("error"));
        assertEquals(401, gateway.opsData(Auth.none()).statusCode());
    }
}
