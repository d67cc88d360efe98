package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.checks.DaemonChecks;
import taskmaster.config.ConfigLoader;
import taskmaster.engine.Engine;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.engine.ThreadLoop;
import taskmaster.mbeans.ProcessState;
import taskmaster.os.PosixSpawnLauncher;
import taskmaster.testing.Procs;

/**
 * {@code ready = notify} and {@code ready = fd:N} end to end in the engine, as the daemon wires
 * them: the real launcher with the daemon's checks' spawn hook, real clients ({@code
 * systemd-notify}, Python's socket module), configured from INI text.
 */
class NotifyReadinessTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String SYSTEMD_NOTIFY = "/usr/bin/systemd-notify";

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private ThreadLoop loop;
    private PosixSpawnLauncher launcher;
    private DaemonChecks checks;
    private Engine engine;

    private void run(String programs) throws Exception {
        Path conf = dir.resolve("test.conf");
        Files.writeString(conf, "[taskmasterd]\nenvironment = TM_TEST_TAG=" + tag + "\n\n" + programs);
        loop = new ThreadLoop("test-loop");
        checks = DaemonChecks.create(dir.resolve("run"), PosixSpawnLauncher::new);
        launcher = (PosixSpawnLauncher) checks.launcher();
        engine = new Engine(loop, launcher, checks, events::add);
        engine.reload(new ConfigLoader().load(conf)).get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.shutdown().get(60, TimeUnit.SECONDS);
            checks.close();
            launcher.close();
            loop.close();
        }
        Procs.killAll("TM_TEST_TAG", tag);
    }

    private ProcessSnapshot proc(String name) {
        return engine.process(name).orElseThrow();
    }

    /** Stays {@code state} for {@code millis}: what a process must not do early cannot be awaited. */
    private void holds(String name, ProcessState state, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            assertThat(proc(name).state()).isEqualTo(state);
            Thread.sleep(50);
        }
    }

    @Test
    void systemdNotifyReadyAfterADelayTurnsStartingIntoRunning() throws Exception {
        assertThat(Path.of(SYSTEMD_NOTIFY))
                .as("Debian's systemd package (systemd-notify) must be installed for this test")
                .isExecutable();
        Path go = dir.resolve("go");
        Files.createDirectories(dir.resolve("run"));
        run("""
            [svc]
            cmd = sh -c 'while [ ! -e %s ]; do sleep 0.05; done; %s --ready --status="serving"; exec sleep 100000'
            starttime = 1
            ready = notify
            """.formatted(go, SYSTEMD_NOTIFY));

        await().atMost(BOUND).until(() -> proc("svc").state() == ProcessState.STARTING);
        holds("svc", ProcessState.STARTING, 1500); // its start time passed, but it has not said it is ready
        Files.createFile(go);

        await().atMost(BOUND).until(() -> proc("svc").state() == ProcessState.RUNNING);
        assertThat(proc("svc").statusText()).isEqualTo("serving");
        assertThat(events)
                .anyMatch(e -> e instanceof EngineEvent.Ready r && r.process().equals("svc"));
    }

    @Test
    void aPythonClientsStatusIsInTheSnapshot() throws Exception {
        Files.createDirectories(dir.resolve("run"));
        run("""
            [py]
            cmd = /usr/bin/python3 -c "import os, socket, time; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.connect(os.environ['NOTIFY_SOCKET']); s.sendall(b'STATUS=warming up'); time.sleep(0.5); s.sendall(b'READY=1\\nSTATUS=42 requests served'); time.sleep(100000)"
            starttime = 0
            ready = notify
            """);

        await().atMost(BOUND)
                .until(() -> "warming up".equals(proc("py").statusText())
                        || proc("py").state() == ProcessState.RUNNING);
        await().atMost(BOUND).until(() -> proc("py").state() == ProcessState.RUNNING);
        assertThat(proc("py").statusText()).isEqualTo("42 requests served");
    }

    @Test
    void aNewlineOnFdThreeTurnsStartingIntoRunning() throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Path go = dir.resolve("go");
        run("""
            [fd]
            cmd = sh -c 'while [ ! -e %s ]; do sleep 0.05; done; echo >&3; exec sleep 100000'
            starttime = 0
            ready = fd:3
            """.formatted(go));

        await().atMost(BOUND).until(() -> proc("fd").state() == ProcessState.STARTING);
        holds("fd", ProcessState.STARTING, 1000);
        Files.createFile(go);

        await().atMost(BOUND).until(() -> proc("fd").state() == ProcessState.RUNNING);
    }

    @Test
    void theUsualFdProgramBecomesRunningAboutASecondAfterItsSpawn() throws Exception {
        Files.createDirectories(dir.resolve("run"));
        run("""
            [fd]
            cmd = sh -c 'sleep 1; echo >&3; exec sleep 100'
            starttime = 0
            ready = fd:3
            """);

        await().atMost(BOUND).until(() -> proc("fd").state() == ProcessState.RUNNING);
        EngineEvent.Ready ready = events.stream()
                .filter(e -> e instanceof EngineEvent.Ready)
                .map(e -> (EngineEvent.Ready) e)
                .findFirst()
                .orElseThrow();
        assertThat(ready.afterMillis()).isGreaterThanOrEqualTo(900);
    }
}
