package io.jobsgateway.opspage;

import io.jobsgateway.config.Settings;
import io.jobsgateway.ops.GatewayMetrics;
import io.jobsgateway.ops.NodeReports;
import io.jobsgateway.quirks.JsonP;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * What {@code GET /ops/data} answers: this node's meters now, and in a cluster the last report
 * of every other live node (a second old at most), this node first. When the others cannot be
 * known (Redis unreachable), it still answers this node's, with {@code complete} false and why.
 * Every node reports from start-up on, whether or not anyone watches its page.
 */
@ApplicationScoped
class OpsData {

    @Inject
    GatewayMetrics metrics;
    @Inject
    NodeReports reports;
    @Inject
    Settings settings;

    void start(@Observes Startup startup) {
        if (metrics.enabled()) {
            reports.start();
        }
    }

    JsonObject now() {
        JsonObject self = metrics.snapshot();
        NodeReports.OtherNodes others = reports.others();
        JsonArrayBuilder nodes = JsonP.createArrayBuilder().add(self);
        others.snapshots().forEach(nodes::add);
        JsonObjectBuilder json = JsonP.createObjectBuilder()
                .add("node", metrics.node())
                .add("takenAt", self.getString("takenAt"))
                .add("cluster", settings.redis().enabled())
                .add("complete", others.unknownBecause().isEmpty());
        others.unknownBecause().ifPresent(why -> json.add("problem", why));
        return json.add("nodes", nodes).build();
    }
}
