package io.jobsgateway.it;

import io.jobsgateway.fixtures.GatewayServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A Payara Micro node of a test's own, for what Arquillian's shared server cannot give: its
 * whole log, a restart. It runs the packaged WAR with a key file of the test's and its settings,
 * and is ready when {@link #start} returns; closing stops it and deletes the key file.
 */
final class OwnNode implements AutoCloseable {

    private static final Duration BOOT = Duration.ofMinutes(3);

    private final Path keys;
    private final GatewayServer server;

    private OwnNode(Path keys, GatewayServer server) {
        this.keys = keys;
        this.server = server;
    }

    /** @param keysJson the key file's JSON; {@code settings} as environment variables ({@code JOBS_...}) */
    static OwnNode start(String name, String keysJson, Map<String, String> settings) throws Exception {
        Path keys = Files.createTempFile(name + "-keys", ".json");
        Files.writeString(keys, keysJson);
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("JOBS_API_KEYS_FILE", keys.toString());
        Path war = PackagedBuild.war();
        OwnNode node = new OwnNode(keys, PackagedBuild.node(name, war, environment, war.getParent()));
        node.server.start();
        node.server.awaitReadiness(200, BOOT);
        return node;
    }

    GatewayServer server() {
        return server;
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            Files.deleteIfExists(keys);
        }
    }
}
