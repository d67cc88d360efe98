package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.DaemonConfig;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/** taskmasterd as a real process: signals, reload, pidfile, shutdown. */
class DaemonTest {

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();

    @AfterEach
    void sweep() {
        Procs.killAll("TM_TEST_TAG", tag);
    }

    private DaemonConfig conf(String programs) throws Exception {
        DaemonConfig conf = TestDaemon.in(dir)
                .tag("TM_TEST_TAG", tag)
                .keys("loglevel = debug")
                .programs(programs);
        conf.write();
        return conf;
    }

    @Test
    void runsStopsEverythingOnSigtermAndExitsZero() throws Exception {
        DaemonConfig conf = conf("""
            [family]
            cmd = sh -c 'sleep 1001 & sleep 1002 & wait'
            starttime = 0
            [web]
            cmd = sleep 100000
            starttime = 1
            """);
        try (TestDaemon d = conf.start()) {
            d.awaitLog("success: web entered RUNNING state");
            d.awaitLog("success: family entered RUNNING state");
            assertThat(Files.readString(dir.resolve("tm.pid")).trim()).isEqualTo(Long.toString(d.pid()));
            await().atMost(TestDaemon.BOUND)
                    .until(() -> Procs.withEnv("TM_TEST_TAG", tag).size() == 4);
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            assertThat(d.log())
                    .contains(
                            "received SIGTERM: stopping all programs",
                            "stopped: web",
                            "stopped: family",
                            "shutdown complete");
            assertThat(Procs.withEnv("TM_TEST_TAG", tag)).isEmpty();
            assertThat(dir.resolve("tm.pid")).doesNotExist();
        }
    }

    @Test
    void sighupAppliesOnlyWhatChanged() throws Exception {
        DaemonConfig conf = conf("""
            [same]
            cmd = sleep 100001
            starttime = 0
            [changed]
            cmd = sleep 100002
            starttime = 0
            [gone]
            cmd = sleep 100003
            starttime = 0
            """);
        try (TestDaemon d = conf.start()) {
            String samePid = d.awaitLog("spawned: 'same' with pid (\\d+)");
            String changedPid = d.awaitLog("spawned: 'changed' with pid (\\d+)");
            d.awaitLog("success: gone entered RUNNING");
            conf("""
                [same]
                cmd = sleep 100001
                starttime = 0
                [changed]
                cmd = sleep 100004
                starttime = 0
                [added]
                cmd = sleep 100005
                starttime = 0
                """);
            d.signal("HUP");
            d.awaitLog("reload: added \\[added\\], changed \\[changed\\], removed \\[gone\\]");
            d.awaitLog("success: added entered RUNNING");
            d.awaitLog("stopped: gone");
            await().atMost(TestDaemon.BOUND).until(() -> d.count("spawned: 'changed'") == 2);
            assertThat(d.count("spawned: 'same'")).isEqualTo(1);
            assertThat(d.log()).doesNotContain("stop requested: same");
            assertThat(ProcessHandle.of(Long.parseLong(samePid))).isPresent();
            assertThat(ProcessHandle.of(Long.parseLong(changedPid)).map(ProcessHandle::isAlive))
                    .isNotEqualTo(java.util.Optional.of(true));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    /** SIGTERM used to queue behind the reload's stop, which then spawned the new command. */
    @Test
    void sigtermDuringAReloadStopsAtOnceAndRelaunchesNothing() throws Exception {
        String program = """
            [stubborn]
            cmd = sleep %d
            starttime = 0
            stopsignal = WINCH
            stoptime = 5
            """;
        DaemonConfig conf = conf(program.formatted(100012));
        try (TestDaemon d = conf.start()) {
            d.awaitLog("success: stubborn entered RUNNING");
            conf(program.formatted(100013));
            d.signal("HUP");
            d.awaitLog("stop requested: stubborn");
            long sigterm = System.nanoTime();
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            long tookMs = (System.nanoTime() - sigterm) / 1_000_000;
            assertThat(d.count("spawned: 'stubborn'")).as(d.log()).isEqualTo(1);
            // The reload's own stop (5 s, then SIGKILL) is all it waits for; a relaunch would add 5 s more.
            assertThat(tookMs).as(d.log()).isLessThan(9_000);
            assertThat(Procs.withEnv("TM_TEST_TAG", tag)).isEmpty();
        }
    }

    @Test
    void aReloadWithErrorsChangesNothing() throws Exception {
        DaemonConfig conf = conf("""
            [web]
            cmd = sleep 100006
            starttime = 0
            """);
        try (TestDaemon d = conf.start()) {
            d.awaitLog("success: web entered RUNNING");
            Files.writeString(
                    conf.conf,
                    Files.readString(conf.conf).replace("starttime = 0", "starttime = soon")
                            + "\n[other]\ncmd = sleep 1\nautorestrat = true\n");
            d.signal("HUP");
            d.awaitLog("reload: 2 error\\(s\\) in the configuration; nothing changed");
            assertThat(d.log()).contains("starttime", "'soon'", "autorestrat", "taskmaster.conf:");
            assertThat(d.count("spawned: 'web'")).isEqualTo(1);
            assertThat(d.log()).doesNotContain("stop requested: web");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void aSecondDaemonOnTheSamePidfileIsRefused() throws Exception {
        DaemonConfig conf = conf("""
            [web]
            cmd = sleep 100007
            starttime = 0
            """);
        try (TestDaemon d = conf.start()) {
            d.awaitLog("success: web entered RUNNING");
            try (TestDaemon second = conf.start()) {
                assertThat(second.awaitExit()).isEqualTo(1);
                assertThat(d.log()).contains("another taskmasterd (pid " + d.pid() + ") is running");
            }
            assertThat(d.process.isAlive()).isTrue();
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void sigusr2ReopensTheLogFile() throws Exception {
        DaemonConfig conf = conf("""
            [web]
            cmd = sleep 100008
            starttime = 0
            """);
        Path log = conf.logFile();
        try (TestDaemon d = conf.start()) {
            d.awaitLog("success: web entered RUNNING");
            Files.move(log, dir.resolve("tm.log.old"));
            d.signal("USR2");
            d.awaitLog("received SIGUSR2: log files reopened");
            assertThat(d.log()).doesNotContain("thread-suspend signal");
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            assertThat(Files.readString(log)).contains("shutdown complete");
        }
    }

    @Test
    void detachesByDefaultPrintingThePidOnceUp() throws Exception {
        DaemonConfig conf = conf("""
            [web]
            cmd = sleep 100009
            starttime = 1
            """);
        Process launcher =
                new ProcessBuilder(conf.command()).redirectErrorStream(true).start();
        String out = new String(launcher.getInputStream().readAllBytes());
        assertThat(launcher.waitFor()).as(out).isZero();
        assertThat(out).matches("(?s)taskmasterd started with pid \\d+\\s*");
        long pid = Long.parseLong(out.replaceAll("\\D", ""));
        assertThat(Files.readString(dir.resolve("tm.pid")).trim()).isEqualTo(Long.toString(pid));
        assertThat(Files.readString(conf.logFile())).contains("spawned: 'web'");
        Procs.signal(pid, "TERM");
        await().atMost(TestDaemon.BOUND).until(() -> ProcessHandle.of(pid).isEmpty());
        assertThat(Procs.withEnv("TM_TEST_TAG", tag)).isEmpty();
    }
}
