package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.DaemonConfig;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/** Output capture in a real taskmasterd: the console, SIGUSR2, errors in the event log. */
class OutputDaemonTest {

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();

    @AfterEach
    void sweep() {
        Procs.killAll("TM_TEST_TAG", tag);
    }

    private DaemonConfig conf(String daemonExtra, String programs) {
        return TestDaemon.in(dir).tag("TM_TEST_TAG", tag).keys(daemonExtra).programs(programs);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void forwardsToTheDaemonsConsoleWithTheProcessName() throws Exception {
        DaemonConfig conf = conf("", """
            [talker]
            cmd = sh -c 'echo hello; echo "second line"; printf "no newline"; exec sleep 100000'
            stdout = -
            starttime = 0
            [grumbler]
            cmd = sh -c 'echo oops >&2; exec sleep 100000'
            stderr = /dev/stderr
            stdout = /dev/stdout
            starttime = 0
            """);
        try (TestDaemon d = conf.start()) {
            await().atMost(TestDaemon.BOUND).until(() -> {
                String c = d.console();
                return c.contains("talker | hello\ntalker | second line\n")
                        && c.contains("talker | no newline")
                        && c.contains("grumbler | oops\n");
            });
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            assertThat(d.console()).doesNotContain("Illegal seek", "output error");
        }
    }

    @Test
    void sigusr2ReopensProgramLogsAndTimestampsComeFromTheDaemonSection() throws Exception {
        Path out = dir.resolve("ticker.log");
        Path moved = dir.resolve("ticker.log.1");
        DaemonConfig conf = conf("timestamps = true", """
            [ticker]
            cmd = sh -c 'while :; do echo tick; sleep 0.05; done'
            stdout = %s
            starttime = 0
            """.formatted(out));
        try (TestDaemon d = conf.start()) {
            await().atMost(TestDaemon.BOUND).until(() -> read(out).contains("tick\n"));
            assertThat(read(out).lines().findFirst().orElseThrow())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d tick");
            Files.move(out, moved); // what logrotate does before its "create"
            d.signal("USR2");
            d.awaitLog("received SIGUSR2: log files reopened");
            await().atMost(TestDaemon.BOUND).until(() -> read(out).contains("tick\n"));
            long frozen = Files.size(moved);
            await().atMost(TestDaemon.BOUND).until(() -> read(out).lines().count() >= 3);
            assertThat(Files.size(moved)).isEqualTo(frozen);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void anUnwritableLogIsReportedOnceAndTheProgramRuns() throws Exception {
        Path out = dir.resolve("nowhere.log");
        // A dangling link into a missing folder: accepted by the loader, unopenable at run time.
        Files.createSymbolicLink(out, Path.of("/nonexistent-" + tag + "/x.log"));
        DaemonConfig conf = conf("", """
            [stubborn]
            cmd = sh -c 'while :; do echo line; sleep 0.02; done'
            stdout = %s
            starttime = 0
            """.formatted(out));
        try (TestDaemon d = conf.start()) {
            d.awaitLog("output error: stubborn stdout: couldn't open " + Pattern.quote(out.toString())
                    + ": ENOENT \\(No such file or directory\\); its output is dropped");
            d.awaitLog("success: stubborn entered RUNNING");
            // Still running well after the error, and the error is not repeated for every chunk.
            await().during(Duration.ofSeconds(2))
                    .atMost(TestDaemon.BOUND)
                    .until(() -> d.count("output error: stubborn") == 1 && d.count("exited: stubborn") == 0);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }
}
