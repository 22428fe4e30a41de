package io.jobsgateway.ops;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * What the other nodes of a cluster say of themselves, for the operations page: each node
 * reports its {@link GatewayMetrics#snapshot() snapshot} every second, and any node reads the
 * reports of all the live ones. On a single node there are no others. Reporting runs on a
 * scheduler of its own, never on the path of an event or a connection.
 */
public interface NodeReports {

    /** From now on, tells the other nodes what this one's meters say; nothing on a single node. */
    void start();

    /** The last report of every other live node, or why they cannot be known now. Waits a second at most. */
    OtherNodes others();

    /**
     * @param snapshots      each a {@link GatewayMetrics#snapshot()} of another node, in node order
     * @param unknownBecause set when the other nodes cannot be known now (their store is unreachable)
     */
    record OtherNodes(List<JsonObject> snapshots, Optional<String> unknownBecause) {

        public OtherNodes {
            snapshots = List.copyOf(snapshots);
        }

        public static OtherNodes none() {
            return new OtherNodes(List.of(), Optional.empty());
        }

        public static OtherNodes unknown(String why) {
            return new OtherNodes(List.of(), Optional.of(why));
        }
    }
}
