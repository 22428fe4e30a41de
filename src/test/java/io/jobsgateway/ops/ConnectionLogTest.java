package io.jobsgateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobsgateway.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionLogTest {

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level levelBefore;

    @BeforeEach
    void capture() {
        levelBefore = ConnectionLog.LOG.getLevel();
        ConnectionLog.LOG.setLevel(Level.ALL);
        ConnectionLog.LOG.addHandler(handler);
    }

    @AfterEach
    void release() {
        ConnectionLog.LOG.removeHandler(handler);
        ConnectionLog.LOG.setLevel(levelBefore);
    }

    private static ConnectionLog log(String format) {
        return TestOps.log(Settings.of(Map.of("jobs.log.format", format)));
    }

    @Test
    void aLineNamesTheKeysIdTheTransportTheCodeAndTheReason() {
        log("text").refused("websocket", "key:3f9a0c1e2b7d4a55:2", 4429, "too many connections for this API key");
        log("text").closed("c-1", "login:alice", "sse", 4408, "no \"pong\"", true);
        assertEquals("Connection refused key=key:3f9a0c1e2b7d4a55:2 transport=websocket code=4429"
                + " reason=\"too many connections for this API key\"", records.get(0).getMessage());
        assertEquals("Connection closed connection=c-1 key=login:alice transport=sse code=4408 by=server"
                + " reason=\"no 'pong'\"", records.get(1).getMessage());
    }

    @Test
    void asJsonEachMessageIsOneObject() {
        log("json").closed("c-2", "key:00:1", "websocket", 1001, null, false);
        assertEquals("{\"event\":\"closed\",\"connection\":\"c-2\",\"key\":\"key:00:1\",\"transport\":\"websocket\","
                + "\"code\":1001,\"by\":\"client\"}", records.get(0).getMessage());
    }

    @Test
    void theLevelSaysWhoseDoingItWas() {
        ConnectionLog text = log("text");
        text.closed("c", "k", "websocket", 1000, null, false);
        text.closed("c", "k", "websocket", 4408, null, true);
        text.closed("c", "k", "websocket", 1013, null, true);
        text.refused("websocket", null, 4401, "bad key");
        text.refused("poll", "k", 503, "Redis unreachable");
        assertEquals(List.of(Level.FINE, Level.INFO, Level.WARNING, Level.INFO, Level.WARNING),
                records.stream().map(LogRecord::getLevel).toList());
    }

    @Test
    void aWrongFormatIsRefusedByName() {
        IllegalArgumentException wrong = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Settings.of(Map.of("jobs.log.format", "xml")));
        assertEquals("Setting jobs.log.format must be text or json; fix it or remove it to use the default (text).",
                wrong.getMessage());
    }
}
