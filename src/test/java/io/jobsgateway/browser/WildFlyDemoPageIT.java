package io.jobsgateway.browser;

import io.jobsgateway.fixtures.GatewayServer;
import io.jobsgateway.fixtures.Ports;
import io.jobsgateway.it.PackagedBuild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo page in headless Chromium on WildFly (the wildfly profile only: it needs the WildFly that
 * profile unpacks, at system property {@code jboss.home}), on the server configuration that has a
 * batch subsystem ({@code standalone.xml}, which the profile's CLI script gave MicroProfile Health and
 * OpenAPI): the example batch job watched live, as {@code BrowserIT} watches it on Payara Micro.
 */
class WildFlyDemoPageIT {

    private static Path dir;
    private static org.openqa.selenium.chrome.ChromeDriver browser;
    private static GatewayServer gateway;

    @BeforeAll
    static void startBrowserAndWildFly() throws Exception {
        dir = PackagedBuild.war().resolveSibling("wildfly-page-it");
        Files.createDirectories(dir);
        browser = Chromium.start(Files.createTempDirectory(dir, "chromium-profile"), Ports.free());
        Path keys = dir.resolve("keys.json");
        Files.writeString(keys, "[{\"key\": \"demo-alice\", \"clientId\": \"acme\", \"userId\": \"alice\", \"scopes\": [\"publish\"]}]");
        String home = System.getProperty("jboss.home");
        if (home == null) {
            throw new IllegalStateException("System property jboss.home is not set: run this test with mvn -Pwildfly verify");
        }
        gateway = GatewayServer.onWildFly("wildfly-page", Path.of(home), "standalone.xml", PackagedBuild.war(),
                List.of("-Xmx512m"), Map.of("JOBS_API_KEYS_FILE", keys.toString(), "JOBS_DEMO_ENABLED", "true",
                        "JOBS_WARMUP_ENABLED", "false"), dir); // the warm-up is WildFlyAsUsersDeployIT's
        gateway.start();
        gateway.awaitReadiness(200, Duration.ofMinutes(3));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void theDemoPageWatchesTheExampleBatchJobLive() {
        new DemoPageBatchJob(browser, dir, gateway::logTail).startsTheImportAndWatchesItLive(gateway.base());
    }
}
