package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobsgateway.it.host.FailingReportJob;
import io.jobsgateway.it.host.HostApplication;
import io.jobsgateway.it.host.HostResource;
import io.jobsgateway.it.host.ReportJob;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The gateway inside someone else's application: a host WAR with its own JAX-RS application
 * and an EJB that runs a job in a JTA transaction, with the gateway's library jar in
 * WEB-INF/lib (as Maven puts it there from the {@code lib} artifact) and no web.xml.
 */
class HostApplicationIT extends DeployedGatewayTest {

    private static final ApiKeyFile KEYS = new ApiKeyFile();
    private static final String ALICE = KEYS.plain("acme", "alice");
    private static final String PUBLISHER = KEYS.plain("acme", null, "publish");

    @Deployment(testable = false)
    static WebArchive hostApplication() {
        WebArchive host = ShrinkWrap.create(WebArchive.class, "host-app.war")
                .addClasses(HostApplication.class, HostResource.class, ReportJob.class, FailingReportJob.class)
                .addAsLibrary(new File(required("jobs.lib")), "jobs-gateway-lib.jar")
                .addAsResource(new StringAsset("jobs.api-keys.file=" + KEYS.write().toString().replace("\\", "/")
                        + "\n"), "META-INF/microprofile-config.properties");
        // Redisson and an SLF4J provider beside it, as the standalone WAR has them: the lib artifact brings
        // neither (optional), a host adds them for cluster mode; LibraryHostIT deploys a host without them.
        WebArchive gateway = ShrinkWrap.createFromZipFile(WebArchive.class, new File(required("jobs.war")));
        for (Map.Entry<ArchivePath, Node> library : gateway.getContent(Filters.include("/WEB-INF/lib/.*\\.jar")).entrySet()) {
            String name = library.getKey().get().substring("/WEB-INF/lib/".length());
            host.addAsLibrary(library.getValue().getAsset(), name);
        }
        return host;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || !new File(value).isFile()) {
            throw new IllegalStateException("System property " + property + " must name a file that 'mvn package'"
                    + " built (run the ITs with 'mvn verify'); it is " + value);
        }
        return value;
    }

    private TestSocket subscribedTo(String jobId) {
        TestSocket socket = gateway.connect("alice", ALICE);
        socket.send(Json.createObjectBuilder().add("type", "subscribe").add("jobId", jobId).build());
        socket.nextOfType("subscribed");
        return socket;
    }

    @Test
    void theHostsEjbEventsReachASubscriberThroughTheHostsEndpointInOrder() {
        String job = "report-" + UUID.randomUUID().toString().substring(0, 8);
        TestSocket socket = subscribedTo(job);

        var response = gateway.post("../rest/host/reports/" + job + "?pages=4", Auth.none(), "");
        assertEquals(204, response.statusCode(), response.body());

        List<JsonObject> events = socket.nextEvents(job, 6, Duration.ofSeconds(10));
        assertEquals(List.of("job.created", "job.progress", "job.progress", "job.progress", "job.progress",
                "job.completed"), events.stream().map(e -> e.getString("type")).toList());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), events.stream().map(e -> e.getInt("seq")).toList());
        assertEquals(100, events.get(4).getJsonObject("data").getInt("progress"));
    }

    @Test
    void anEventFiredInATransactionThatRollsBackIsNeverDelivered() {
        String job = "failing-" + UUID.randomUUID().toString().substring(0, 8);
        TestSocket socket = subscribedTo(job);

        gateway.post("../rest/host/failing-reports/" + job, Auth.none(), "");
        socket.expectNo("event of the rolled-back job", m -> TestSocket.isEventOf(job, m), Duration.ofSeconds(2));
        // and the job never existed: a later commit starts at seq 1
        gateway.post("../rest/host/reports/" + job + "?pages=1", Auth.none(), "");
        assertEquals(1, socket.nextEvent(job).getInt("seq"));
    }

    @Test
    void theHostsOwnResourcesWorkBesideTheGatewayWhoseHttpApiSitsUnderTheHostsPath() {
        var hello = gateway.getFromServerRoot(base().getPath() + "rest/host/hello");
        assertEquals(200, hello.statusCode());
        assertEquals("hello from the host", hello.body());

        String job = "http-" + UUID.randomUUID().toString().substring(0, 8);
        TestSocket socket = subscribedTo(job);
        var published = gateway.post("../rest/jobs/" + job + "/events", Auth.bearer(PUBLISHER), "{\"type\":\"job.created\"}");
        assertEquals(202, published.statusCode(), published.body());
        assertEquals("job.created", socket.nextEvent(job).getString("type"));
    }
}
