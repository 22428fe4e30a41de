package io.jobsgateway.ops;

import io.jobsgateway.config.Settings;

/** The meters and the connection log outside CDI, for tests of other packages. */
public final class TestOps {

    private TestOps() {
    }

    public static GatewayMetrics metrics(Settings settings) {
        GatewayMetrics metrics = new GatewayMetrics();
        metrics.settings = settings;
        metrics.register();
        return metrics;
    }

    public static ConnectionLog log(Settings settings) {
        ConnectionLog log = new ConnectionLog();
        log.settings = settings;
        return log;
    }
}
