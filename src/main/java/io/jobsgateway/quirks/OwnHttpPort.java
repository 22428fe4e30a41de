package io.jobsgateway.quirks;

import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Where this node's own HTTP listener is, for a request the node makes to itself. Jakarta EE has
 * no API for it (a servlet learns its port only from a request), so each server is asked its own
 * way: Payara publishes {@code payara.instance.http.port} and {@code payara.instance.http.address}
 * through MicroProfile Config; WildFly binds {@code ${jboss.http.port:8080}} plus
 * {@code jboss.socket.binding.port-offset} on {@code jboss.bind.address} (its standalone.xml).
 * A wildcard or missing address means loopback.
 */
public final class OwnHttpPort {

    private OwnHttpPort() {
    }

    /** {@code http://host:port} of this node, or empty when the server does not say (then set {@code jobs.warmup.port}). */
    public static Optional<URI> find(Config config, int configuredPort) {
        Optional<Integer> port = configuredPort > 0 ? Optional.of(configuredPort) : serverPort(config);
        String address = config.getOptionalValue("payara.instance.http.address", String.class)
                .or(() -> Optional.ofNullable(System.getProperty("jboss.bind.address")))
                .filter(host -> !host.isBlank() && !host.equals("0.0.0.0") && !host.equals("::"))
                .map(host -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                .orElse("127.0.0.1");
        return port.map(p -> URI.create("http://" + address + ":" + p));
    }

    private static Optional<Integer> serverPort(Config config) {
        Optional<Integer> payara = config.getOptionalValue("payara.instance.http.port", Integer.class);
        if (payara.isPresent()) {
            return payara;
        }
        if (System.getProperty("jboss.home.dir") == null) {
            return Optional.empty();
        }
        int offset = Integer.getInteger("jboss.socket.binding.port-offset", 0);
        return Optional.of(Integer.getInteger("jboss.http.port", 8080) + offset);
    }
}
