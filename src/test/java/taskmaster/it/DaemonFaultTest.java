package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
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
import taskmaster.testing.Procs;

/** A real taskmasterd under faults of its surroundings: a console nobody reads, its own kill -9. */
class DaemonFaultTest {

    @TempDir
    Path dir;
    private final String tag = UUID.randomUUID().toString();
    private Process daemon;

    @AfterEach
    void sweep() throws InterruptedException {
        if (daemon != null) {
            Procs.stop(daemon);
        }
        Procs.killAll("TM_TEST_TAG", tag);
    }

    private Path conf(String programs) throws IOException {
        Path conf = dir.resolve("taskmaster.conf");
        Files.writeString(conf, "[taskmasterd]\nlogfile = %(here)s/taskmasterd.log\npidfile = %(here)s/tm.pid\n"
                + "jolokia_port = 0\nenvironment = TM_TEST_TAG=" + tag + "\n\n" + programs);
        return conf;
    }

    private String log() {
        try {
            Path log = dir.resolve("taskmasterd.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
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
        await().atMost(DaemonProcess.BOUND).pollInterval(Duration.ofMillis(20)).until(() -> {
            assertThat(daemon.isAlive()).as("taskmasterd is running; its log:\n%s", log()).isTrue();
            return !matches(regex).isEmpty();
        });
        return matches(regex).getFirst();
    }

    @Test
    void aConsoleNobodyReadsDelaysNoExitNoSpawnAndNoShutdown() throws Exception {
        // flood starts first and fills the console at once; victim starts after it.
        Path conf = conf("""
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
        ProcessBuilder pb = new ProcessBuilder(DaemonProcess.command(conf, "-n"));
        pb.environment().put("_JAVA_SR_SIGNUM", "39");
        // stdout stays a pipe to this JVM, which never reads it: a console that takes nothing.
        pb.redirectError(dir.resolve("stderr.out").toFile());
        daemon = pb.start();

        awaitLog("output dropped: the daemon's console \\(fd 1\\)");
        String first = awaitLog("spawned: 'victim' with pid (\\d+)");
        awaitLog("success: victim entered RUNNING");
        Procs.signal(Long.parseLong(first), "KILL");
        // Restarted at once, although the console still takes nothing.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> matches("spawned: 'victim' with pid (\\d+)").size() == 2);
        assertThat(matches("output dropped: ")).hasSize(1);

        Procs.signal(daemon.pid(), "TERM");
        assertThat(daemon.waitFor(DaemonProcess.BOUND.toSeconds(), TimeUnit.SECONDS))
                .as("taskmasterd exits; its log:\n%s", log()).isTrue();
        assertThat(daemon.exitValue()).isZero();
    }

    @Test
    void childrenDieWithTheDaemonWhenItIsKilled() throws Exception {
        Path conf = conf("""
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
        daemon = new ProcessBuilder(DaemonProcess.command(conf, "-n"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.out").toFile()).start();
        for (String name : List.of("sleeper_0", "sleeper_1", "stubborn", "chatty")) {
            awaitLog("success: " + name + " entered RUNNING");
        }
        await().atMost(DaemonProcess.BOUND).until(() -> Procs.withEnv("TM_TEST_TAG", tag).size() >= 5);

        daemon.destroyForcibly(); // SIGKILL: no shutdown code runs
        assertThat(daemon.waitFor(DaemonProcess.BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> Procs.withEnv("TM_TEST_TAG", tag).isEmpty());
    }
}
