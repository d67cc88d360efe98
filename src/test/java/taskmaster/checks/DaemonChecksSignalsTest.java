package taskmaster.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.ExitStatus;
import taskmaster.engine.Notice;
import taskmaster.model.AutoRestart;
import taskmaster.model.Check;
import taskmaster.model.Lifecycle;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Readiness;
import taskmaster.model.Signal;
import taskmaster.os.PosixSpawnLauncher;

/** The daemon's checks, as the daemon wires them: the launcher gets their spawn hook, the engine their watch. */
class DaemonChecksSignalsTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path runDir;

    private static ProcessSpec spec(String name, Check check, String... argv) {
        return new ProcessSpec(
                        name,
                        name,
                        name,
                        0,
                        String.join(" ", argv),
                        List.of(argv),
                        Map.of(),
                        null,
                        null,
                        null,
                        Output.DISCARD,
                        Output.DISCARD,
                        false,
                        999,
                        true,
                        AutoRestart.UNEXPECTED,
                        Set.of(0),
                        3,
                        1,
                        Signal.TERM,
                        10,
                        false,
                        true,
                        false,
                        false,
                        false,
                        false)
                .withLifecycle(Lifecycle.DEFAULT.withReadiness(new Readiness(check, 60, 0)));
    }

    @Test
    void notifyAndFdReachTheWatcherThroughTheDaemonsChecks() throws Exception {
        List<Notice> notified = new CopyOnWriteArrayList<>();
        List<Notice> fd = new CopyOnWriteArrayList<>();
        try (DaemonChecks checks = DaemonChecks.create(runDir, PosixSpawnLauncher::new);
                PosixSpawnLauncher launcher = (PosixSpawnLauncher) checks.launcher()) {
            CompletableFuture<ExitStatus> exits = new CompletableFuture<>();
            ProcessSpec n = spec(
                    "n",
                    new Check.Notify(),
                    "/usr/bin/python3",
                    "-c",
                    "import os, socket\n"
                            + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                            + "s.connect(os.environ['NOTIFY_SOCKET'])\n"
                            + "s.sendall(b'STATUS=warming up\\nREADY=1')\n");
            long pid = launcher.spawn(n, exits::complete);
            checks.watch(n, pid, new Check.Notify(), notified::add);
            ProcessSpec f = spec("f", new Check.Fd(4), "/bin/sh", "-c", "echo >&4");
            long fdPid = launcher.spawn(f, status -> {});
            checks.watch(f, fdPid, new Check.Fd(4), fd::add);

            await().atMost(BOUND).until(() -> notified.size() == 2 && fd.size() == 1);
            assertThat(notified).containsExactly(new Notice.Status("warming up"), new Notice.Ready());
            assertThat(fd).containsExactly(new Notice.Ready());
            assertThat(exits.get()).isEqualTo(ExitStatus.exited(0));
            await().atMost(BOUND).until(() -> launcher.running() == 0);
        }
        assertThat(runDir.resolve("notify")).doesNotExist();
    }
}
