package io.jobsgateway.it.host;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The host's own JAX-RS application, as any enterprise WAR has one. */
@ApplicationPath("rest")
public class HostApplication extends Application {
}
