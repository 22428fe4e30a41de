package io.jobsgateway.it;

import io.jobsgateway.fixtures.Ports;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A host that sets {@code jobs.redis.address} but has no Redisson on its class path (the
 * single-node host WAR): it must deploy, with no NoClassDefFoundError, serve its own resources,
 * and say through its readiness that the gateway is not ready. That Arquillian deploys it at all
 * is half the test.
 */
class RedisAddressWithoutRedissonIT extends DeployedGatewayTest {

    /** WildFly answers MicroProfile Health on its management port (offset by 200, arquillian.xml). */
    private static final int WILDFLY_MANAGEMENT_PORT = 10190;

    @Deployment(testable = false)
    static WebArchive singleNodeHostWithARedisAddress() throws IOException {
        return Deployments.hostWar("jobs.host.single-node.war", "host-without-redisson.war", Map.of(
                "jobs.api-keys.file", new ApiKeyFile().write().toString().replace("\\", "/"),
                // nothing listens there: the gateway must not even try
                "jobs.redis.address", "redis://127.0.0.1:" + Ports.free()));
    }

    @Test
    void theHostDeploysAndServesItsOwnResources() {
        var hello = gateway.getFromServerRoot(base().getPath() + "rest/reports/hello");
        assertEquals(200, hello.statusCode(), hello.body());
        assertEquals("hello from the reports host", hello.body());
    }

    @Test
    void theGatewaysReadinessIsDown() throws IOException {
        HttpResponse<String> ready = readiness();
        assertEquals(503, ready.statusCode(), ready.body());
        JsonObject check = Gateway.json(ready).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> "jobs-gateway".equals(c.getString("name", null)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no jobs-gateway readiness check: " + ready.body()));
        assertEquals("DOWN", check.getString("status"), ready.body());
    }

    private HttpResponse<String> readiness() throws IOException {
        if ("wildfly".equals(System.getProperty("arquillian.launch"))) {
            URI management = URI.create("http://" + base().getHost() + ":" + WILDFLY_MANAGEMENT_PORT + "/");
            try (Gateway server = new Gateway(management.toURL())) {
                return server.getFromServerRoot("/health/ready");
            }
        }
        return gateway.getFromServerRoot("/health/ready");
    }
}
