package io.jobsgateway;

import io.jobsgateway.access.LocalTickets;
import io.jobsgateway.access.Tickets;
import io.jobsgateway.bus.Bus;
import io.jobsgateway.bus.LocalBus;
import io.jobsgateway.bus.RedisBus;
import io.jobsgateway.cluster.Answers;
import io.jobsgateway.cluster.ConnectionLimits;
import io.jobsgateway.cluster.LocalAnswers;
import io.jobsgateway.cluster.LocalConnectionLimits;
import io.jobsgateway.cluster.RedisAnswers;
import io.jobsgateway.cluster.RedisConnectionLimits;
import io.jobsgateway.cluster.RedisNodeReports;
import io.jobsgateway.cluster.RedisTickets;
import io.jobsgateway.cluster.LocalSweepLock;
import io.jobsgateway.cluster.RedisSweepLock;
import io.jobsgateway.cluster.SweepLock;
import io.jobsgateway.history.RedisJobLog;
import io.jobsgateway.config.Settings;
import io.jobsgateway.history.InMemoryJobLog;
import io.jobsgateway.history.JobLog;
import io.jobsgateway.ops.LocalNodeReports;
import io.jobsgateway.ops.NodeReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * The one place that chooses between a single node in memory and a cluster on Redis: the
 * latter when {@code jobs.redis.address} (or {@code jobs.redis.config-file}) is set. Only the
 * chosen implementations are ever created.
 */
@ApplicationScoped
class ClusterMode {

    @Inject
    Settings settings;

    @Produces
    JobLog jobLog(Instance<InMemoryJobLog> memory, Instance<RedisJobLog> redis) {
        return clustered() ? redis.get() : memory.get();
    }

    @Produces
    Bus bus(Instance<LocalBus> local, Instance<RedisBus> redis) {
        return clustered() ? redis.get() : local.get();
    }

    @Produces
    Tickets tickets(Instance<LocalTickets> local, Instance<RedisTickets> redis) {
        return clustered() ? redis.get() : local.get();
    }

    @Produces
    Answers answers(Instance<LocalAnswers> local, Instance<RedisAnswers> redis) {
        return clustered() ? redis.get() : local.get();
    }

    @Produces
    ConnectionLimits limits(Instance<LocalConnectionLimits> local, Instance<RedisConnectionLimits> redis) {
        return clustered() ? redis.get() : local.get();
    }

    @Produces
    NodeReports nodeReports(Instance<LocalNodeReports> local, Instance<RedisNodeReports> redis) {
        return clustered() ? redis.get() : local.get();
    }

    @Produces
    SweepLock sweepLock(Instance<LocalSweepLock> local, Instance<RedisSweepLock> redis) {
        return clustered() ? redis.get() : local.get();
    }

    private boolean clustered() {
        return settings.redis().enabled();
    }
}
