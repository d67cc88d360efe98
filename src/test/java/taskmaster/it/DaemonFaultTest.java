package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.DaemonConfig;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/** A real taskmasterd under faults of its surroundings: a console nobody reads, its own kill -9. */
class DaemonFaultTest {

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();
    private TestDaemon daemon;

    @AfterEach
    void sweep() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        Procs.killAll("TM_TEST_TAG", tag);
    }

    private DaemonConfig conf(String programs) {
        return TestDaemon.in(dir).tag("TM_TEST_TAG", tag).programs(programs);
    }

    private String log() {
        return daemon.log();
    }

    private List<String> matches(String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(log());
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.groupCount() > 0 ? m.group(1) : m.group());
        }
        return found;
    }

    private String awaitLog(String regex) {
        return daemon.awaitLog(regex);
    }

    @Test
    void aConsoleNobodyReadsDelaysNoExitNoSpawnAndNoShutdown() throws Exception {
        // flood starts first and fills the console at once; victim starts after it.
        DaemonConfig conf = conf("""
            [flood]
            cmd = sh -c 'exec yes flood-flood-flood'
            stdout = -
            starttime = 0
            priority = 1
            [victim]
            cmd = sleep 100000
            starttime = 0
            autorestart = true
            priority = 999
            """);
        // stdout stays a pipe to this JVM, which never reads it: a console that takes nothing.
        daemon = conf.start(ProcessBuilder.Redirect.PIPE);

        awaitLog("output dropped: the daemon's console \\(fd 1\\)");
        String first = awaitLog("spawned: 'victim' with pid (\\d+)");
        awaitLog("success: victim entered RUNNING");
        Procs.signal(Long.parseLong(first), "KILL");
        // Restarted at once, although the console still takes nothing.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> matches("spawned: 'victim' with pid (\\d+)").size() == 2);
        assertThat(matches("output dropped: ")).hasSize(1);

        Procs.signal(daemon.pid(), "TERM");
        assertThat(daemon.process.waitFor(TestDaemon.BOUND.toSeconds(), TimeUnit.SECONDS))
                .as("taskmasterd exits; its log:\n%s", log())
                .isTrue();
        assertThat(daemon.process.exitValue()).isZero();
    }

    @Test
    void childrenDieWithTheDaemonWhenItIsKilled() throws Exception {
        DaemonConfig conf = conf("""
            [sleeper]
            cmd = sleep 100000
            numprocs = 2
            process_name = sleeper_%(process_num)d
            starttime = 0
            [stubborn]
            cmd = sh -c 'trap "" TERM HUP; sleep 100000 & wait'
            starttime = 0
            [chatty]
            cmd = sh -c 'while :; do echo line; sleep 0.01; done'
            stdout = %(here)s/chatty.log
            starttime = 0
            """);
        daemon = conf.start();
        for (String name : List.of("sleeper_0", "sleeper_1", "stubborn", "chatty")) {
            awaitLog("success: " + name + " entered RUNNING");
        }
        await().atMost(TestDaemon.BOUND)
                .until(() -> Procs.withEnv("TM_TEST_TAG", tag).size() >= 5);

        daemon.process.destroyForcibly(); // SIGKILL: no shutdown code runs
        assertThat(daemon.process.waitFor(TestDaemon.BOUND.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Procs.withEnv("TM_TEST_TAG", tag).isEmpty());
    }
}
