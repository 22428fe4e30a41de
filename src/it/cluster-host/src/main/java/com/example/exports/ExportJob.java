package com.example.exports;

import io.jobsgateway.api.JobsGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** Exports data in parts, announcing each through the gateway's facade rather than CDI events. */
@ApplicationScoped
public class ExportJob {

    @Inject
    JobsGateway gateway;

    public void export(String jobId, int parts) {
        gateway.emitJobCreated(jobId, "acme", null);
        for (int part = 1; part <= parts; part++) {
            gateway.emitJobProgress(jobId, part * 100 / parts, "Part " + part + " of " + parts);
        }
        gateway.emitJobCompleted(jobId, Map.of("parts", parts));
    }

    /** How many events of the job the gateway keeps, as any node of the cluster sees them. */
    public int historySize(String jobId) {
        return gateway.getJobHistory(jobId, 100).size();
    }
}
