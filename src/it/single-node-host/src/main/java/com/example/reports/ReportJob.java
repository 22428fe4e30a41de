package com.example.reports;

import io.jobsgateway.api.JobEvent;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** Renders a report in one JTA transaction: its events go out, in order, when it commits. */
@Stateless
public class ReportJob {

    @Inject
    Event<JobEvent> jobEvents;

    public void render(String jobId, int pages) {
        jobEvents.fire(JobEvent.created(jobId).ownedBy("acme"));
        for (int page = 1; page <= pages; page++) {
            jobEvents.fire(JobEvent.progress(jobId, page * 100 / pages, "Page " + page + " of " + pages, "render"));
        }
        jobEvents.fire(JobEvent.completed(jobId, Map.of("pages", pages), List.of()));
    }
}
