package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/**
 * {@code taskmasterctl shutdown} is answered before the daemon closes its Jolokia: run after run,
 * it exits 0 and says "Shut down" (it used to exit 7, "Unexpected end of file from server", about
 * one run in three, although the daemon did shut down).
 */
class ShutdownAnswerTest {

    /** Each run starts a daemon JVM; 20 keep the test near half a minute (100 were run by hand). */
    static final int RUNS = Integer.getInteger("taskmaster.shutdownRuns", 20);

    @Test
    void everyShutdownIsAnsweredAndExitsZero(@TempDir Path root) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            Path dir = Files.createDirectory(root.resolve("run" + i));
            // One program that dies at once on TERM: the engine's shutdown is over in a few ms,
            // the closest the daemon comes to closing Jolokia while it answers.
            TestDaemon d = TestDaemon.in(dir)
                    .programs("[one]\ncmd = sleep 100000\nstarttime = 0\n")
                    .start()
                    .awaitUrl();
            try {
                await().atMost(TestDaemon.BOUND)
                        .until(() -> Run.ctl(d, "status", "one").code() == Exit.OK);
                Run r = Run.ctl(d, "shutdown");
                assertThat(r.err()).as("run %d", i).isEmpty();
                assertThat(r.out()).as("run %d", i).isEqualTo("Shut down\n");
                assertThat(r.code()).as("run %d", i).isZero();
                await().atMost(TestDaemon.BOUND).until(() -> !d.process.isAlive());
                assertThat(d.process.exitValue()).isZero();
                assertThat(d.children()).isEmpty();
            } finally {
                d.close();
            }
        }
    }
}
