package io.jobsgateway.http;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The HTTP API of section 6 of the contract, under {@code /api}. */
@ApplicationPath("api")
public class GatewayApi extends Application {
}
