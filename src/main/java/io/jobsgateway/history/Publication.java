package io.jobsgateway.history;

import io.jobsgateway.api.Identifiers;
import io.jobsgateway.api.JobEvent;
import java.util.Objects;

/**
 * An event to store, and the client its job gets when the job is new and the event names no
 * owner: how a publisher says "keep the owner the job has, or else make it mine" as part of the
 * one atomic step that stores the event, so that what an earlier event of the same batch made of
 * the job counts for the next.
 *
 * @param event      the event; its {@code clientId}, when set, is the owner the job must have
 * @param ownerIfNew the owner of a new job when the event names none
 */
public record Publication(JobEvent event, String ownerIfNew) {

    public Publication {
        Objects.requireNonNull(event, "event");
        Identifiers.require("ownerIfNew", ownerIfNew);
    }
}
