package taskmaster.checks;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/** A real daemon reading a program's stdout: {@code ready = log:…} and {@code healthcheck = log:…}. */
class LogCheckDaemonTest {
    private static final String MBEAN = "taskmaster:type=Process,program=talker,name=talker";

    @TempDir
    Path dir;

    @Test
    void aLogReadinessCheckWaitsForTheLineEvenWrittenInTwoParts() throws Exception {
        String programs = """
            [talker]
            cmd = sh -c 'echo starting; while [ ! -f go ]; do sleep 0.05; done; printf listen; sleep 0.3; echo ing; exec sleep 100000'
            directory = %s
            starttime = 0
            ready = log:^listening$
            """.formatted(dir);
        try (TestDaemon d = TestDaemon.in(Files.createDirectories(dir.resolve("daemon")))
                .programs(programs)
                .start()
                .awaitUrl()) {
            d.awaitState(MBEAN, "STARTING");
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> "STARTING".equals(d.read(MBEAN, "State")));
            Files.createFile(dir.resolve("go"));
            d.awaitState(MBEAN, "RUNNING");
        }
    }

    @Test
    void aProgramThatStopsSayingItsHeartbeatIsRestarted() throws Exception {
        String programs = """
            [talker]
            cmd = sh -c 'while [ ! -f quiet ]; do echo heartbeat; sleep 0.2; done; exec sleep 100000'
            directory = %s
            starttime = 0
            healthcheck = log:^heartbeat$
            healthcheck_interval = 1
            healthcheck_retries = 2
            """.formatted(dir);
        try (TestDaemon d = TestDaemon.in(Files.createDirectories(dir.resolve("daemon")))
                .programs(programs)
                .start()
                .awaitUrl()) {
            d.awaitState(MBEAN, "RUNNING");
            long first = ((Number) d.read(MBEAN, "Pid")).longValue();
            d.awaitLog("health: talker \\(pid " + first + "\\) is HEALTHY");
            Files.createFile(dir.resolve("quiet"));
            d.awaitLog("unhealthy: talker \\(pid " + first + "\\) failed 2 health checks in a row");
            await().atMost(TestDaemon.BOUND)
                    .until(() ->
                            d.read(MBEAN, "Pid") instanceof Number n && n.longValue() != 0 && n.longValue() != first);
        }
    }
}
