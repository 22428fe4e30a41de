package io.jobsgateway.cluster;

import io.jobsgateway.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.File;
import java.io.IOException;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

/**
 * The application's one Redisson client, in cluster mode only; shut down with the application.
 * It connects lazily, so a node whose Redis is down at start still starts, serves what it can,
 * and says DOWN on {@code /health/ready} until Redis answers.
 */
@ApplicationScoped
class RedisClientProducer {

    @Produces
    @ApplicationScoped
    RedissonClient redisson(Settings settings) {
        Settings.Redis redis = settings.redis();
        Config config = redis.configFile().map(RedisClientProducer::fromYaml).orElseGet(() -> {
            Config single = new Config();
            SingleServerConfig server = single.useSingleServer()
                    .setAddress(redis.address().orElseThrow())
                    .setTimeout(redis.timeoutMs())
                    .setConnectTimeout(redis.connectTimeoutMs())
                    .setConnectionPoolSize(redis.poolSize())
                    .setConnectionMinimumIdleSize(Math.min(4, redis.poolSize()));
            redis.password().ifPresent(server::setPassword);
            return single;
        });
        config.setCodec(StringCodec.INSTANCE);
        config.setLazyInitialization(true);
        return Redisson.create(config);
    }

    void shutdown(@Disposes RedissonClient client) {
        client.shutdown();
    }

    private static Config fromYaml(String file) {
        try {
            return Config.fromYAML(new File(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read jobs.redis.config-file " + file + ": " + e.getMessage(), e);
        }
    }
}
