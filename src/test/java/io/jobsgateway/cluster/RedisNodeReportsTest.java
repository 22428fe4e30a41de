package io.jobsgateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.Managed;
import io.jobsgateway.config.Settings;
import io.jobsgateway.fixtures.RedisServer;
import io.jobsgateway.ops.GatewayMetrics;
import io.jobsgateway.ops.NodeReports.OtherNodes;
import io.jobsgateway.ops.TestOps;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** The nodes' reports on a real redis-server of the test's own, through Redisson as the gateway uses it. */
class RedisNodeReportsTest {

    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    private RedisServer redis;
    private RedissonClient client;
    private RedisNodeReports reports;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.withAppendOnlyFile();
        Settings settings = Settings.of(Map.of(Settings.REDIS_ADDRESS, redis.address(), "jobs.redis.timeout-ms", "500"));
        Config config = new Config();
        config.useSingleServer().setAddress(redis.address()).setTimeout(500).setRetryAttempts(0);
        client = Redisson.create(config);
        reports = new RedisNodeReports();
        reports.redis = client;
        reports.settings = settings;
        reports.metrics = TestOps.metrics(settings);
        reports.scheduler = Managed.scheduler(timers);
    }

    @AfterEach
    void stop() {
        redis.thaw();
        reports.stop();
        client.shutdown();
        timers.shutdownNow();
        redis.close();
    }

    @Test
    void aNodeReportsItselfAndReadsTheOthersLiveOnes() throws Exception {
        reports.start();
        awaitField(reports.metrics.node());
        assertEquals(OtherNodes.none(), reports.others(), "its own report is no other node's");

        write("other/1", reports.metrics.snapshot(), RedisNodeReports.TTL_MILLIS);
        write("gone/2", reports.metrics.snapshot(), 1);
        Thread.sleep(5); // past the second one's end

        OtherNodes others = reports.others();
        assertEquals(Optional.empty(), others.unknownBecause());
        assertEquals(List.of("other/1"), others.snapshots().stream().map(s -> s.getString("node")).toList());
        assertEquals(0, others.snapshots().get(0).getJsonObject("connections").getInt("websocket"));
        assertTrue(client.getMap(RedisKeys.NODE_REPORTS, StringCodec.INSTANCE).containsKey(reports.metrics.node()));
        assertTrue(!client.getMap(RedisKeys.NODE_REPORTS, StringCodec.INSTANCE).containsKey("gone/2"),
                "a report that ended is dropped by the read");
        long ttl = client.getKeys().remainTimeToLive(RedisKeys.NODE_REPORTS);
        assertTrue(ttl > 1 && ttl <= RedisNodeReports.TTL_MILLIS, "the hash ends with its last report: " + ttl);
    }

    @Test
    void aRedisThatDoesNotAnswerLeavesTheOthersUnknownWithinASecond() {
        redis.freeze();
        long asked = System.nanoTime();
        OtherNodes others = reports.others();
        long answeredMs = (System.nanoTime() - asked) / 1_000_000;

        assertEquals(List.of(), others.snapshots());
        assertTrue(others.unknownBecause().isPresent());
        assertTrue(answeredMs < 2000, "answered after " + answeredMs + " ms");
    }

    /** A report as another node writes one: its snapshot, under its own name, ending in {@code ttlMillis}. */
    private void write(String node, JsonObject snapshot, long ttlMillis) {
        String renamed = snapshot.toString().replace(reports.metrics.node(), node);
        client.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, RedisNodeReports.WRITE, RScript.ReturnType.LONG,
                List.of(RedisKeys.NODE_REPORTS), node, renamed, Long.toString(ttlMillis));
    }

    private void awaitField(String node) throws InterruptedException {
        for (int i = 0; i < 100 && !client.getMap(RedisKeys.NODE_REPORTS, StringCodec.INSTANCE).containsKey(node); i++) {
            Thread.sleep(50);
        }
        assertTrue(client.getMap(RedisKeys.NODE_REPORTS, StringCodec.INSTANCE).containsKey(node), "this node's report");
    }
}
