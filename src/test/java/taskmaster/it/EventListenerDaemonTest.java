package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.JolokiaHttp;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * An {@code [eventlistener:x]} in a real taskmasterd is a supervised process like any program:
 * it starts before the programs (priority -1), with a stdin pipe the daemon holds, and its stdout
 * is logged.
 */
class EventListenerDaemonTest {
    private static final String LISTENER = "taskmaster:type=Process,program=lst,name=lst";

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();

    @AfterEach
    void sweep() {
        Procs.killAll("TM_TEST_TAG", tag);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aListenerRunsWithAStdinPipeTheDaemonHoldsAndItsStdoutLogged() throws Exception {
        Path out = dir.resolve("lst.log");
        // Subscribed to an event nothing here causes: the listener only shows its plumbing.
        try (TestDaemon d =
                TestDaemon.in(dir).tag("TM_TEST_TAG", tag).programs("""
                    [program:web]
                    command = sleep 100000
                    startsecs = 0
                    stdout_logfile = NONE
                    stderr_logfile = NONE
                    [eventlistener:lst]
                    command = sh -c 'readlink /proc/self/fd/0; while read line; do echo "got $line"; done'
                    events = PROCESS_GROUP_REMOVED
                    startsecs = 0
                    stdout_logfile = %(here)s/lst.log
                    stderr_logfile = NONE
                    """).start().awaitUrl()) {
            d.awaitState(LISTENER, "RUNNING");
            d.awaitState("taskmaster:type=Process,program=web,name=web", "RUNNING");
            await().atMost(TestDaemon.BOUND).until(() -> read(out).startsWith("pipe:["));
            // The daemon's end of that pipe is the one management writes to.
            assertThat(JolokiaHttp.value(d.exec(LISTENER, "sendStdin", "hello\n")))
                    .isEqualTo(6L);
            await().atMost(TestDaemon.BOUND).until(() -> read(out).endsWith("got hello\n"));
            String log = d.log();
            assertThat(log.indexOf("spawned: 'lst'"))
                    .as("the listener starts first:\n" + log)
                    .isNotNegative()
                    .isLessThan(log.indexOf("spawned: 'web'"));
        }
    }
}
