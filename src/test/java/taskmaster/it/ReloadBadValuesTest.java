package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.DaemonConfig;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * A SIGHUP with a file whose values would once have exhausted the loader (reproduced on main:
 * {@code %(process_num)999999999d} killed the reload with OutOfMemoryError, and nothing was logged
 * after "reloading"). The reload must log each error with its file:line and change nothing.
 */
class ReloadBadValuesTest {
    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();

    @AfterEach
    void sweep() {
        Procs.killAll("TM_TEST_TAG", tag);
    }

    /** Reproduced on main: --check-config died with OutOfMemoryError and a stack trace. */
    @Test
    void checkConfigReportsAHugeWidthAndExitsTwo() throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "[program:x]\ncommand = sleep 1\nprocess_name = x_%(process_num)999999999d\n");
        List<String> cmd = DaemonConfig.javaMain(List.of("-Xmx256m"), List.of("-c", conf.toString(), "--check-config"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(2);
        assertThat(out)
                .contains(conf + ":3: [program:x] process_name: the width 999999999")
                .doesNotContain("OutOfMemoryError", "\tat ", "Exception");
    }

    @Test
    void aReloadWithAHugeWidthLogsTheErrorAndKeepsEverythingRunning() throws Exception {
        String good = """
            [web]
            cmd = sleep 100011
            starttime = 0
            numprocs = 2
            process_name = web_%(process_num)s
            """;
        DaemonConfig daemon = TestDaemon.in(dir).tag("TM_TEST_TAG", tag).programs(good);
        Path conf = daemon.conf;
        try (TestDaemon d = daemon.start()) {
            d.awaitLog("success: web_1 entered RUNNING");
            d.awaitLog("success: web_0 entered RUNNING");
            List<Long> before = Procs.withEnv("TM_TEST_TAG", tag);
            assertThat(before).hasSize(2);

            daemon.programs(good.replace("web_%(process_num)s", "x_%(process_num)999999999d") + "[many]\ncmd = echo "
                            + "y".repeat(100_000) + "\nnumprocs = 1000\nprocess_name = m_%(process_num)s\n")
                    .write();
            d.signal("HUP");
            d.awaitLog("reload: 2 error\\(s\\) in the configuration; nothing changed");
            assertThat(d.log())
                    .contains(conf + ":10: [web] process_name: the width 999999999 of '%(process_num)'")
                    .contains(conf + ":12: [many] cmd: the configuration expands to more than 16777216 characters")
                    .doesNotContain("OutOfMemoryError", "\tat ");
            assertThat(Procs.withEnv("TM_TEST_TAG", tag)).containsExactlyInAnyOrderElementsOf(before);
            assertThat(d.count("spawned: ")).isEqualTo(2);

            // Still serving: the next good file is applied.
            daemon.programs(good + "[added]\ncmd = sleep 100012\nstarttime = 0\n")
                    .write();
            d.signal("HUP");
            d.awaitLog("success: added entered RUNNING");
            await().atMost(TestDaemon.BOUND)
                    .until(() -> Procs.withEnv("TM_TEST_TAG", tag).size() == 3);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }
}
