package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/** The restart limit and essential programs with a real taskmasterd and real children. */
class RestartPolicyDaemonTest {

    @TempDir
    Path dir;

    private TestDaemon daemon;

    @AfterEach
    void sweep() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    /**
     * {@code /bin/false} with starttime 0 and autorestart = true: with no limit it is respawned as
     * fast as its exits come, for ever. With the default limit (5 restarts in 10 s) it gets the
     * first spawn and 5 restarts, then 3 retries 1, 2 and 3 s apart (startretries = 3), then FATAL:
     * 9 spawns. A second program without the limit runs alongside for comparison.
     */
    @Test
    void aCrashLoopIsHeldToTheLimitThenFatal() throws Exception {
        daemon = TestDaemon.in(dir).programs("""
            [crash]
            cmd = /bin/false
            starttime = 0
            autorestart = true

            [unlimited]
            cmd = /bin/false
            starttime = 0
            autorestart = true
            restart_limit = 0
            """).start().awaitUrl();
        daemon.awaitLog("restart limit: crash restarted 5 times within 10 s");
        daemon.awaitLog("gave up: crash entered FATAL state");
        long crash = daemon.count("spawned: 'crash' with pid");
        long unlimited = daemon.count("spawned: 'unlimited' with pid");
        // Over the same ~6 s: the unlimited one is spawned hundreds of times; only the limit keeps
        // the other to the first spawn, 5 restarts and startretries' 3 retries.
        assertThat(crash).as("spawns of the limited crash loop").isBetween(6L, 9L);
        assertThat(unlimited).as("spawns of the unlimited crash loop").isGreaterThan(10 * crash);
        assertThat(daemon.count("backoff: crash failed to start; retry in [123] s"))
                .isEqualTo(3);
        assertThat(daemon.read("taskmaster:type=Process,program=crash,name=crash", "State"))
                .isEqualTo("FATAL");
        // And it stays there: FATAL is left only by a start (fatal_retry is 0). The unlimited one
        // spawns on meanwhile, which bounds this wait by events, not by a sleep.
        long later = unlimited + 200;
        await().atMost(TestDaemon.BOUND).until(() -> daemon.count("spawned: 'unlimited' with pid") > later);
        assertThat(daemon.count("spawned: 'crash' with pid")).isEqualTo(crash);
    }

    /**
     * fatal_retry with the real loop's timers: FATAL comes back 3 s later, until an operator's stop.
     * The stop is sent right after the second FATAL, 3 s before the next retry would come.
     */
    @Test
    void fatalRetryBringsFatalBackUntilStopped() throws Exception {
        daemon = TestDaemon.in(dir).programs("""
            [db]
            cmd = /bin/false
            starttime = 1
            startretries = 0
            fatal_retry = 3
            """).start().awaitUrl();
        String db = "taskmaster:type=Process,program=db,name=db";
        await().atMost(TestDaemon.BOUND)
                .until(() -> daemon.count("fatal retry: db leaves FATAL after 3 s") == 1
                        && daemon.count("gave up: db entered FATAL") == 2);
        Object stopped = TestDaemon.value(daemon.exec(db, "stop"));
        assertThat(String.valueOf(stopped)).contains("fatal_retry is called off");
        assertThat(daemon.count("spawned: 'db' with pid")).isEqualTo(2);
        assertThat(daemon.read(db, "State")).isEqualTo("FATAL");
        assertThat(daemon.read(db, "Wanted")).isEqualTo(false);
    }

    @Test
    void anEssentialProgramsExitStopsEverythingAndTheDaemonExitsThree() throws Exception {
        daemon = TestDaemon.in(dir).programs("""
            [app]
            cmd = sh -c 'sleep 2; exit 4'
            starttime = 1
            autorestart = false
            essential = true

            [side]
            cmd = sleep 100000
            starttime = 0
            """).start();
        int code = daemon.awaitExit();
        assertThat(code).as("exit status; console:%n%s", daemon.console()).isEqualTo(3);
        assertThat(daemon.log())
                .contains("essential down: app is EXITED (exit status 4; not expected, not restarted)")
                .contains("stopped: side")
                .contains("taskmasterd exits with status 3");
        assertThat(daemon.console())
                .contains("taskmasterd: exit status 3: the essential program app is EXITED (exit status 4");
        // Nothing of ours is left: /proc has no process with the test's tag.
        assertThat(daemon.children()).isEmpty();
    }

    @Test
    void anEssentialProgramGoingFatalStopsEverythingToo() throws Exception {
        daemon = TestDaemon.in(dir).programs("""
            [side]
            cmd = sleep 100000
            starttime = 0
            priority = 1

            [app]
            cmd = /bin/false
            starttime = 1
            startretries = 1
            essential = true
            """).start();
        int code = daemon.awaitExit();
        assertThat(code).as("exit status; console:%n%s", daemon.console()).isEqualTo(3);
        assertThat(daemon.log()).contains("gave up: app entered FATAL state").contains("essential down: app is FATAL");
        assertThat(daemon.console()).contains("the essential program app is FATAL");
        List<Long> left = Procs.withEnv(daemon.config.tagVar(), daemon.tag);
        assertThat(left).isEmpty();
    }
}
