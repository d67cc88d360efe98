package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/**
 * {@code taskmasterctl status} asked as early as a client can ask, the moment the daemon has
 * written its URL (before its first spawn): the request waits in the listen backlog until the
 * management plane is ready, and its answer lists every program, never a part of them.
 */
class StartupStatusTest {

    private static final int MANY = 300;

    @TempDir
    Path dir;

    @Test
    void aStatusDuringTheStartUpWaitsAndListsEveryProgram() throws Exception {
        StringBuilder programs = new StringBuilder();
        for (int i = 0; i < MANY; i++) {
            programs.append("[program:p").append(i).append("]\ncommand = /bin/sleep 100000\nstartsecs = 0\n\n");
        }
        try (TestDaemon d = TestDaemon.in(dir).programs(programs.toString()).start()) {
            Path url = d.runFiles().url();
            await().atMost(TestDaemon.BOUND)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> Files.exists(url) && !Files.readString(url).isBlank());
            Run status = Run.ctl(d, "status");
            assertThat(status.err()).as(status.err()).doesNotContain("taskmasterctl:");
            List<String> lines = status.out().lines().toList();
            List<String> names =
                    lines.stream().map(l -> l.split("\\s+")[0]).sorted().toList();
            assertThat(names)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, MANY).mapToObj(i -> "p" + i).toList());
            assertThat(lines).allMatch(l -> l.matches("\\S+\\s+(STOPPED|STARTING|RUNNING)\\b.*"), "a start-up state");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }
}
