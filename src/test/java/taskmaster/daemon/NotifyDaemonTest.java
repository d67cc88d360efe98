package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/** A real taskmasterd with {@code ready = notify} and {@code ready = fd:3} programs, seen over Jolokia. */
class NotifyDaemonTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String SYSTEMD_NOTIFY = "/usr/bin/systemd-notify";
    private static final String SVC = "taskmaster:type=Process,program=svc,name=svc";
    private static final String FD = "taskmaster:type=Process,program=fd,name=fd";

    @Test
    void notifyAndFdProgramsAreStartingUntilTheySayTheyAreReady(@TempDir Path dir) throws Exception {
        assertThat(Path.of(SYSTEMD_NOTIFY))
                .as("Debian's systemd package (systemd-notify) must be installed for this test")
                .isExecutable();
        Path go = dir.resolve("go");
        String programs = """
            [program:svc]
            command = sh -c 'while [ ! -e %1$s ]; do sleep 0.05; done; %2$s --ready; exec sleep 100001'
            startsecs = 0
            ready = notify
            [program:fd]
            command = sh -c 'while [ ! -e %1$s ]; do sleep 0.05; done; echo >&3; exec sleep 100002'
            startsecs = 0
            ready = fd:3
            """.formatted(go, SYSTEMD_NOTIFY);
        Path socket;
        try (TestDaemon d = TestDaemon.in(dir).programs(programs).start().awaitUrl()) {
            d.awaitState(SVC, "STARTING");
            long pid = ((Number) d.read(SVC, "Pid")).longValue();
            socket = Path.of(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")))
                    .lines()
                    .flatMap(l -> java.util.Arrays.stream(l.split("\0")))
                    .filter(e -> e.startsWith("NOTIFY_SOCKET="))
                    .findFirst()
                    .orElseThrow()
                    .substring("NOTIFY_SOCKET=".length()));
            assertThat(socket).exists();
            d.awaitState(FD, "STARTING");
            Thread.sleep(1000); // what must not happen before the gate opens cannot be awaited
            assertThat(d.read(SVC, "State")).isEqualTo("STARTING");
            assertThat(d.read(FD, "State")).isEqualTo("STARTING");

            Files.createFile(go);
            d.awaitState(SVC, "RUNNING");
            d.awaitState(FD, "RUNNING");
            d.awaitLog("ready: svc \\(pid \\d+\\) passed its readiness check notify");
            d.awaitLog("ready: fd \\(pid \\d+\\) passed its readiness check fd:3");
            assertThat(d.log()).doesNotContain("notify: refused");

            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
        // Gone with the daemon: the socket and its folder (RUNDIR/notify, or the short private one).
        await().atMost(BOUND).until(() -> !Files.exists(socket) && !Files.exists(socket.getParent()));
    }
}
