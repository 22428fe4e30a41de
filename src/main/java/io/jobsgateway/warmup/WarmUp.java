package io.jobsgateway.warmup;

import io.jobsgateway.access.WarmUpKeys;
import io.jobsgateway.config.Settings;
import io.jobsgateway.quirks.OwnHttpPort;
import io.jobsgateway.quirks.StartupThread;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Runs the warm-up ({@link SelfLoad}) once, at deployment, and holds readiness DOWN until it is
 * over. It never keeps a node from serving: a warm-up that cannot reach the node or whose rounds
 * fail logs one line and lets readiness go UP; its keys stop working when it ends.
 */
@ApplicationScoped
class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class.getName());
    private static final Duration REACH_NODE = Duration.ofSeconds(60);

    @Inject
    Settings settings;
    @Inject
    WarmUpKeys keys;
    @Inject
    Config config;

    /** What readiness reports while it runs; null once the node may take clients. Written by the warm-up's task. */
    private volatile String running;

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        Settings.WarmUp wanted = settings.warmUp();
        if (!wanted.enabled()) {
            return;
        }
        Optional<URI> node = OwnHttpPort.find(config, wanted.port());
        if (node.isEmpty()) {
            LOG.warning("Warm-up skipped: this server does not say which HTTP port it listens on;"
                    + " set jobs.warmup.port to it, or jobs.warmup.enabled=false");
            return;
        }
        String contextPath = context instanceof ServletContext servlet ? servlet.getContextPath() : "";
        URI base = URI.create(node.get() + contextPath);
        running = "warming up: starting";
        StartupThread.start("jobs-gateway-warmup", () -> run(base, wanted));
    }

    @Produces
    @Readiness
    HealthCheck warm() {
        return () -> {
            String state = running;
            var response = HealthCheckResponse.named("jobs-gateway-warmup").status(state == null);
            return state == null ? response.build() : response.withData("problem1", state).build();
        };
    }

    private void run(URI base, Settings.WarmUp wanted) {
        long started = System.nanoTime();
        int perKey = settings.maxConnectionsPerKey();
        int keysPerRound = SelfLoad.keysFor(wanted.connections(), perKey);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        SelfLoad load = new SelfLoad(http, base, perKey);
        int handshakes = 0;
        int events = 0;
        long deliveries = 0;
        try {
            String publisher = keys.issue(1).get(0); // the probe's, then the one that ends the jobs
            if (!reached(http, base, publisher)) {
                LOG.warning("Warm-up skipped: the node did not answer at " + base + " within " + REACH_NODE.toSeconds()
                        + " s; set jobs.warmup.port to its HTTP port, or jobs.warmup.enabled=false");
                return;
            }
            for (int round = 1; round <= wanted.rounds(); round++) {
                running = "warming up: round " + round + " of " + wanted.rounds();
                SelfLoad.Round done = load.run(round, wanted.connections(), keys.issue(keysPerRound));
                handshakes += done.handshakes();
                events += done.events();
                deliveries += done.deliveries();
                if (!done.complete()) {
                    LOG.warning("Warm-up stopped after round " + round + ", which did not complete (" + describe(done)
                            + "): the node takes clients without it");
                    return;
                }
            }
            if (!load.complete(publisher)) {
                LOG.warning("Warm-up: its jobs could not be marked completed; a watchdog may report them as silent");
            }
            LOG.info(String.format("Warm-up done in %.1f s (%d rounds: %d handshakes, %d events published, %d"
                            + " deliveries); the node reports ready", (System.nanoTime() - started) / 1e9, wanted.rounds(),
                    handshakes, events, deliveries));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warning("Warm-up stopped: " + e + "; the node takes clients without it");
        } finally {
            keys.revokeAll();
            running = null;
        }
    }

    /** Waits until the node's HTTP API answers: the observer runs while the deployment is still starting. */
    private static boolean reached(HttpClient http, URI base, String key) throws InterruptedException {
        HttpRequest probe = HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + SelfLoad.job(0) + "/events"))
                .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"job.created\"}")).build();
        long deadline = System.nanoTime() + REACH_NODE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 202) {
                    return true;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static String describe(SelfLoad.Round round) {
        return round.handshakes() + " handshakes, " + round.events() + " events, " + round.deliveries() + " of "
                + round.expected() + " deliveries" + (round.failures() == 0 ? "" : ", " + round.failures() + " failures");
    }
}
