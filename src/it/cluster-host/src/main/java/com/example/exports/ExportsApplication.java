package com.example.exports;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The host's own JAX-RS application. */
@ApplicationPath("rest")
public class ExportsApplication extends Application {
}
