package taskmaster.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/** The daemon runs the sampler on a thread of its own and stops it with everything else at the shutdown. */
class SamplerInDaemonTest {
    @TempDir
    Path dir;

    /** Thread names as the kernel keeps them (15 characters). */
    private static List<String> threads(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.map(t -> {
                        try {
                            return Files.readString(t.resolve("comm")).strip();
                        } catch (IOException gone) {
                            return "";
                        }
                    })
                    .toList();
        }
    }

    @Test
    void theDaemonSamplesOnItsOwnThreadAndShutsDownCleanly() throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .keys("sample_interval = 1")
                .programs("[program:sleeper]\ncommand = sleep 100000\nstartsecs = 0\n")
                .start()
                .awaitUrl()) {
            d.awaitState("taskmaster:type=Process,program=sleeper,name=sleeper", "RUNNING");
            String sampler = ResourceSampler.THREAD_NAME.substring(0, 15);
            await().atMost(Duration.ofSeconds(20)).until(() -> threads(d.pid()).contains(sampler));
            assertThat(threads(d.pid())).contains("taskmaster-loop").containsOnlyOnce(sampler);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            assertThat(d.log()).doesNotContain("resources: sampling failed");
        }
    }
}
