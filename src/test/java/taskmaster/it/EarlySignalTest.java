package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.DaemonConfig;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * A TERM that comes while the daemon boots is an ordered stop with status 0, not the JVM's default
 * death (143): the handlers are installed before the configuration is read, and what they receive
 * before the daemon can act waits for it. The first case stops it as its event log begins (before
 * anything is bound or spawned), the second as soon as its URL file is there (a client that found
 * it and stops it at once, as a service manager or a test does).
 */
class EarlySignalTest {

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();

    @AfterEach
    void sweep() {
        Procs.killAll("TM_TEST_TAG", tag);
    }

    private DaemonConfig conf() {
        return TestDaemon.in(dir)
                .tag("TM_TEST_TAG", tag)
                .keys("loglevel = debug")
                .programs("""
                    [p]
                    cmd = sleep 100021
                    starttime = 0
                    numprocs = 20
                    process_name = %(program_name)s_%(process_num)s
                    """);
    }

    @Test
    void aTermAsTheEventLogBeginsStopsWithStatusZero() throws Exception {
        DaemonConfig conf = conf();
        try (TestDaemon d = conf.start()) {
            await().atMost(TestDaemon.BOUND)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> d.log().contains("started with pid") || !isAlive(d));
            d.signal("TERM");
            assertThat(d.awaitExit()).as("%s", d.log()).isZero();
            assertThat(d.log()).containsPattern("received SIGTERM (before the start|while starting)?");
            assertThat(d.console()).doesNotContain("Exception in thread", "\tat ");
            await().atMost(TestDaemon.BOUND)
                    .until(() -> Procs.withEnv("TM_TEST_TAG", tag).isEmpty());
            assertThat(Files.exists(d.runFiles().url())).isFalse();
        }
    }

    @Test
    void aTermAsSoonAsTheUrlFileIsThereStopsWithStatusZero() throws Exception {
        DaemonConfig conf = conf();
        try (TestDaemon d = conf.start()) {
            Path url = d.runFiles().url();
            await().atMost(TestDaemon.BOUND)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> Files.exists(url) || !isAlive(d));
            d.signal("TERM");
            assertThat(d.awaitExit()).as("%s", d.log()).isZero();
            assertThat(d.log()).contains("received SIGTERM", "shutdown complete");
            await().atMost(TestDaemon.BOUND)
                    .until(() -> Procs.withEnv("TM_TEST_TAG", tag).isEmpty());
            assertThat(Files.exists(url)).isFalse();
        }
    }

    private static boolean isAlive(TestDaemon d) {
        return ProcessHandle.of(d.pid()).map(ProcessHandle::isAlive).orElse(false);
    }
}
