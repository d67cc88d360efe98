package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.DaemonConfig;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * A daemon whose parent ignored its signals (nohup, {@code trap "" HUP}) still reloads on SIGHUP
 * and stops in order on SIGTERM and SIGINT: HotSpot would otherwise keep the inherited SIG_IGN and
 * drop our handlers silently.
 */
class IgnoredSignalsTest {

    private static final String ONE = """
        [p]
        cmd = sleep 100011
        starttime = 0
        """;
    private static final String TWO = """
        [p]
        cmd = sleep 100012
        starttime = 0
        """;

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();

    @AfterEach
    void sweep() {
        Procs.killAll("TM_TEST_TAG", tag);
    }

    private DaemonConfig conf(String programs) {
        return TestDaemon.in(dir)
                .tag("TM_TEST_TAG", tag)
                .keys("loglevel = debug")
                .programs(programs)
                .ignoring("HUP", "TERM", "INT");
    }

    @Test
    void sighupReloadsAndSigtermStopsUnderAParentThatIgnoresThem() throws Exception {
        DaemonConfig conf = conf(ONE);
        try (TestDaemon d = conf.start()) {
            String first = d.awaitLog("spawned: 'p' with pid (\\d+)");
            d.awaitLog("success: p entered RUNNING state");
            conf.programs(TWO).write();
            d.signal("HUP");
            d.awaitLog("reload: added \\[\\], changed \\[p\\], removed \\[\\]");
            await().atMost(TestDaemon.BOUND).until(() -> d.count("spawned: 'p' with pid") == 2);
            assertThat(Procs.withEnv("TM_TEST_TAG", tag))
                    .doesNotContain(Long.parseLong(first))
                    .hasSize(1);

            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            assertThat(d.log()).contains("received SIGTERM: stopping all programs", "stopped: p", "shutdown complete");
            assertThat(Procs.withEnv("TM_TEST_TAG", tag)).isEmpty();
        }
    }

    @Test
    void sigintStopsUnderAParentThatIgnoresIt() throws Exception {
        try (TestDaemon d = conf(ONE).start()) {
            d.awaitLog("success: p entered RUNNING state");
            d.signal("INT");
            assertThat(d.awaitExit()).isZero();
            assertThat(d.log()).contains("received SIGINT: stopping all programs", "stopped: p", "shutdown complete");
            assertThat(Procs.withEnv("TM_TEST_TAG", tag)).isEmpty();
        }
    }
}
