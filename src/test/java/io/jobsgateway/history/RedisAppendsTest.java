package io.jobsgateway.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.bus.Envelope;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.cluster.RedisKeys;
import io.jobsgateway.config.Settings;
import io.jobsgateway.fixtures.RedisServer;
import io.jobsgateway.wire.WireFormat;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** The publish script on a real redis-server of the test's own: one call per job, pipelined for several. */
class RedisAppendsTest {

    private static RedisServer redis;
    private static RedissonClient client;
    private static RedisAppends appends;
    private final WireFormat wire = new WireFormat();

    @BeforeAll
    static void start() throws IOException {
        redis = RedisServer.withAppendOnlyFile();
        Config config = new Config();
        config.useSingleServer().setAddress(redis.address());
        client = Redisson.create(config);
        appends = new RedisAppends(client, Settings.of(Map.of("jobs.history.max-events", "3")));
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        redis.close();
    }

    @Test
    void eachJobsEventsGetItsNextSeqsInOrderAndARefusedOneIsAnsweredInItsPlace() {
        appends.store(List.of(item(JobEvent.created("theirs").ownedBy("globex"), null)));

        List<String> answers = appends.store(List.of(
                item(JobEvent.created("a").ownedBy("acme"), "acme"),
                item(JobEvent.created("b"), "ops"),
                item(JobEvent.started("theirs").ownedBy("acme"), "acme"),
                item(JobEvent.progress("a", 10, "x", null).ownedBy("acme"), "acme"),
                item(JobEvent.started("b"), "acme"),
                item(JobEvent.created("nobody"), null)));

        assertEquals("a 1 acme", summary(answers.get(0)));
        assertEquals("b 1 ops", summary(answers.get(1)), "naming no owner, a new job takes ownerIfNew");
        assertEquals(RedisAppends.OWNER_CONFLICT, answers.get(2));
        assertEquals("a 2 acme", summary(answers.get(3)));
        assertEquals("b 2 ops", summary(answers.get(4)), "an event naming none keeps the owner the job has");
        assertEquals(RedisAppends.NO_OWNER, answers.get(5));
        assertEquals("1", client.getBucket(RedisKeys.seq("theirs"), StringCodec.INSTANCE).get(), "the refused took no seq");
    }

    @Test
    void aJobsHistoryIsTrimmedOnceForTheWholeCall() {
        List<String> answers = appends.store(List.of(
                item(JobEvent.progress("long", 1, null, null).ownedBy("acme"), "acme"),
                item(JobEvent.progress("long", 2, null, null), "acme"),
                item(JobEvent.progress("long", 3, null, null), "acme"),
                item(JobEvent.progress("long", 4, null, null), "acme"),
                item(JobEvent.progress("long", 5, null, null), "acme")));

        assertEquals("long 5 acme", summary(answers.get(4)));
        assertEquals(answers.subList(2, 5), client.getList(RedisKeys.history("long"), StringCodec.INSTANCE).readAll(),
                "the last jobs.history.max-events, oldest first");
    }

    private RedisAppends.Item item(JobEvent event, String ownerIfNew) {
        return new RedisAppends.Item(event, wire.jobEventParts(event), ownerIfNew);
    }

    private static String summary(String envelope) {
        StoredEvent stored = Envelope.event(envelope);
        return stored.jobId() + " " + stored.seq() + " " + stored.clientId();
    }
}
