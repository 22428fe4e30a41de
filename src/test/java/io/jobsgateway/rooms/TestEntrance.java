package io.jobsgateway.rooms;

import io.jobsgateway.cluster.ConnectionLimits;
import io.jobsgateway.config.Settings;
import io.jobsgateway.delivery.OpenConnections;
import io.jobsgateway.ops.TestOps;
import io.jobsgateway.wire.WireFormat;

/** An {@link Entrance} outside CDI, for tests of other packages. */
public final class TestEntrance {

    private TestEntrance() {
    }

    public static Entrance create(Settings settings, ConnectionLimits limits, OpenConnections connections) {
        Entrance entrance = new Entrance();
        entrance.settings = settings;
        entrance.limits = limits;
        entrance.connections = connections;
        entrance.rooms = new Rooms();
        entrance.wire = new WireFormat();
        entrance.metrics = TestOps.metrics(settings);
        entrance.log = TestOps.log(settings);
        return entrance;
    }
}
