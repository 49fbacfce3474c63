package com.tickstock.console.republish;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * REDIS_REPLICAS_ACK=1 against a real master and replica: while the replica is gone WAIT falls short, the state says
 * which acks it waits for, and nothing more counts as published; the ticks wait as buffered and are confirmed once
 * the replica is back, each in the stream exactly once.
 */
class ReplicasAckIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String STREAM = "test:acked:ticks";

    private RedisServerProcess master;
    private RedisServerProcess replica;
    private RedisRepublisher republisher;

    @AfterEach
    void cleanUp() throws Exception {
        if (republisher != null) {
            republisher.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (master != null) {
            master.close();
        }
    }

    @Test
    void ticksStayUnconfirmedWhileNoReplicaAcknowledgesAndAreConfirmedWhenOneIsBack() throws Exception {
        master = RedisServerProcess.start("--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0");
        replica = RedisServerProcess.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
        await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> master.query("INFO", "replication").contains("state=online"));
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(master.url()).withChannel(STREAM)
                .withMode(RepublisherConfig.Mode.STREAM).withReplicasAck(1)).start();
        AtomicLong offered = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread feed = new Thread(() -> {
            while (producing.get()) {
                for (int i = 0; i < 10; i++) {
                    republisher.offer(Ticks.numbered(offered.getAndIncrement()), "connection_1");
                }
                LockSupport.parkNanos(1_000_000);
            }
        }, "test-feed");
        feed.start();
        try {
            await().atMost(PATIENCE).until(() -> republisher.status().published() > 1_000);

            replica.kill();
            await().atMost(PATIENCE).until(() -> String.valueOf(republisher.healthMap().get("state"))
                    .equals("waiting_for_replicas: WAIT 1 answered 0"));
            long publishedWhileShort = republisher.status().published();
            long offeredWhileShort = offered.get();
            await().atMost(PATIENCE).until(() -> offered.get() > offeredWhileShort + 2_000);
            RepublisherStatus waiting = republisher.status();
            // Landed on the master but unconfirmed: buffered, never published.
            assertThat(waiting.published()).isEqualTo(publishedWhileShort);
            assertThat(waiting.buffered()).isGreaterThanOrEqualTo(2_000);

            replica.startProcess();
            await().atMost(PATIENCE).until(() -> republisher.status().published() > offeredWhileShort + 2_000);
        } finally {
            producing.set(false);
            feed.join();
        }
        await().atMost(PATIENCE).until(() -> republisher.status().buffered() == 0);
        RepublisherStatus status = republisher.status();
        assertThat(status.published()).isEqualTo(offered.get());
        assertThat(status.droppedTotal()).isZero();
        assertThat(republisher.healthMap()).containsEntry("state", "connected").containsEntry("resent", 0L);
        assertThat(master.query("XLEN", STREAM)).isEqualTo(":" + offered.get());
    }

    @Test
    void aWaitTheRedisUserMayNotSendIsNamedAndNothingCountsAsPublished() throws Exception {
        master = RedisServerProcess.start();
        assertThat(master.query("ACL", "SETUSER", "pub", "on", ">s3cret-pw", "~*", "&*", "+@all", "-wait"))
                .isEqualTo("+OK");
        String url = master.url().replace("redis://", "redis://pub:s3cret-pw@");
        republisher = new RedisRepublisher(RepublisherConfig.fromUrl(url).withChannel(STREAM)
                .withMode(RepublisherConfig.Mode.STREAM).withReplicasAck(1)).start();
        for (int i = 0; i < 100; i++) {
            republisher.offer(Ticks.numbered(i), "connection_1");
        }
        await().atMost(PATIENCE).until(() -> String.valueOf(republisher.status().lastError()).contains("NOPERM"));
        RepublisherStatus status = republisher.status();
        assertThat(status.lastError()).contains("WAIT 1 refused").doesNotContain("s3cret-pw");
        // Written to the master, never confirmed: buffered, not published, not dropped.
        assertThat(status.published()).isZero();
        assertThat(status.buffered()).isEqualTo(100);
        assertThat(master.query("XLEN", STREAM)).isEqualTo(":100");
    }
}
