package io.jobsgateway.it.host;

import io.jobsgateway.api.JobEvent;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/** A job whose transaction rolls back after it fired events: none of them may go out. */
@Stateless
public class FailingReportJob {

    @Inject
    Event<JobEvent> jobEvents;
    @Resource
    SessionContext context;

    public void renderThenRollBack(String jobId) {
        jobEvents.fire(JobEvent.created(jobId).ownedBy("acme"));
        jobEvents.fire(JobEvent.progress(jobId, 50, "Half way", "render"));
        context.setRollbackOnly();
    }
}
