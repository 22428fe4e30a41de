package io.jobsgateway.ops;

import io.jobsgateway.config.Settings;
import io.jobsgateway.quirks.JsonP;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One line per refused connection and per close, for an operator to search: the connection id,
 * the key's id (never the key), the transport, the code and the reason, at a level by cause. A
 * client that leaves is normal life (FINE); refusals and closes for a limit or a bad credential
 * are the client's doing but worth seeing (INFO); what says the gateway is overloaded or cut
 * off is WARNING: a slow reader dropped (its waiting messages discarded, closed with 1013) or
 * Redis unreachable (1013, 503). With
 * {@code jobs.log.format=json} each message is one JSON object.
 */
@ApplicationScoped
public class ConnectionLog {

    /** Its own logger name, so that its level can be set apart from the rest. */
    static final Logger LOG = Logger.getLogger("io.jobsgateway.connections");

    @Inject
    Settings settings;

    /** A connection refused before it opened; {@code keyId} null when no credential was valid. */
    public void refused(String transport, String keyId, int code, String reason) {
        Level level = code == 1013 || code == 503 ? Level.WARNING : Level.INFO;
        if (LOG.isLoggable(level)) {
            LOG.log(level, line("refused", null, keyId, transport, code, reason, null));
        }
    }

    /** A connection ended; {@code byServer} when the gateway closed it. */
    public void closed(String connectionId, String keyId, String transport, int code, String reason, boolean byServer) {
        Level level = !byServer ? Level.FINE : code == 1013 || code == 1011 ? Level.WARNING : Level.INFO;
        if (LOG.isLoggable(level)) {
            LOG.log(level, line("closed", connectionId, keyId, transport, code, reason, byServer ? "server" : "client"));
        }
    }

    private String line(String event, String connectionId, String keyId, String transport, int code, String reason,
                        String by) {
        if (settings.operations().jsonLogs()) {
            JsonObjectBuilder json = JsonP.createObjectBuilder().add("event", event);
            add(json, "connection", connectionId);
            add(json, "key", keyId);
            add(json, "transport", transport);
            json.add("code", code);
            add(json, "reason", reason);
            add(json, "by", by);
            return json.build().toString();
        }
        StringBuilder text = new StringBuilder("Connection ").append(event);
        append(text, "connection", connectionId);
        append(text, "key", keyId);
        append(text, "transport", transport);
        text.append(" code=").append(code);
        append(text, "by", by);
        if (reason != null) {
            text.append(" reason=\"").append(reason.replace("\"", "'")).append('"');
        }
        return text.toString();
    }

    private static void add(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }

    private static void append(StringBuilder text, String name, String value) {
        if (value != null) {
            text.append(' ').append(name).append('=').append(value);
        }
    }
}
