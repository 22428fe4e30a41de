package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The gateway with the contract's defaults: no {@code jobs.api-keys.file}, so no key is
 * valid, and the demo runner disabled; and the OpenAPI document of its HTTP API, which no
 * setting changes.
 */
class NoKeysIT extends DeployedGatewayTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(Map.of());
    }

    @Test
    void refusesEveryKeyWithoutAKeysFile() {
        List<TestSocket> sockets = List.of(
                gateway.open("key in query", Auth.query("k-alice")),
                gateway.open("bearer key", Auth.bearer("k-acme")),
                gateway.open("X-API-Key", Auth.apiKeyHeader("k-acme")),
                gateway.open("no key", Auth.none()));

        for (TestSocket socket : sockets) {
            assertEquals(4401, socket.awaitClose(), socket.name());
            assertEquals(List.of(), socket.received(), socket.name() + ": nothing may come before the close");
        }
    }

    @Test
    void refusesEveryKeyOverHttp() {
        HttpResponse<String> response = gateway.post("jobs/j-1/events", Auth.bearer("k-acme"), "{\"type\":\"job.created\"}");

        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void theDemoIsDisabledByDefault() {
        HttpResponse<String> response = gateway.post("demo/jobs", Auth.bearer("k-acme"), "{}");

        assertEquals(404, response.statusCode(), response.body());
    }

    @Test
    void servesTheOpenApiDocumentOfTheHttpApiAtTheServersRoot() {
        String contextPath = base().getPath().replaceAll("/$", "");
        new OpenApiDocument(gateway.getJsonFromServerRoot("/openapi?format=JSON"), contextPath).assertDescribesTheHttpApi();
    }

    @Test
    void healthIsReadyAndLive() {
        for (String path : List.of("/health/ready", "/health/live")) {
            HttpResponse<String> response = gateway.getFromServerRoot(path);
            assertEquals(200, response.statusCode(), path + ": " + response.body());
        }
    }
}
