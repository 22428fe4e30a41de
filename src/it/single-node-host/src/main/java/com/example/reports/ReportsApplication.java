package com.example.reports;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The host's own JAX-RS application: the gateway's HTTP API is served under its path too. */
@ApplicationPath("rest")
public class ReportsApplication extends Application {
}
