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
import taskmaster.config.ConfigLoader;
import taskmaster.engine.Engine;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.engine.ThreadLoop;
import taskmaster.mbeans.ProcessState;
import taskmaster.os.PosixSpawnLauncher;
import taskmaster.testing.Procs;

/** The engine with the real launcher and real child processes, configured from INI text. */
class RealProcessTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private ThreadLoop loop;
    private PosixSpawnLauncher launcher;
    private Engine engine;

    private Engine run(String programs) throws Exception {
        Path conf = dir.resolve("test.conf");
        Files.writeString(conf, "[taskmasterd]\nenvironment = TM_TEST_TAG=" + tag + "\n\n" + programs);
        loop = new ThreadLoop("test-loop");
        launcher = new PosixSpawnLauncher();
        engine = new Engine(loop, launcher, events::add);
        engine.reload(new ConfigLoader().load(conf)).get(30, TimeUnit.SECONDS);
        return engine;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.shutdown().get(60, TimeUnit.SECONDS);
            launcher.close();
            loop.close();
        }
        Procs.killAll("TM_TEST_TAG", tag);
    }

    private ProcessSnapshot proc(String name) {
        return engine.process(name).orElseThrow();
    }

    private List<EngineEvent.Spawned> spawns(String name) {
        return events.stream()
                .filter(e -> e instanceof EngineEvent.Spawned s && s.process().equals(name))
                .map(e -> (EngineEvent.Spawned) e)
                .toList();
    }

    @Test
    void failedStartsAreRetriedAfterOneThenTwoSecondsThenFatal() throws Exception {
        run("""
            [fail]
            cmd = sh -c 'exit 1'
            startretries = 2
            starttime = 1
            """);
        await().atMost(BOUND).until(() -> proc("fail").state() == ProcessState.FATAL);
        assertThat(spawns("fail")).hasSize(3);
        assertThat(proc("fail").spawnError()).contains("Exited too quickly");
        List<EngineEvent.Backoff> backoffs = events.stream()
                .filter(e -> e instanceof EngineEvent.Backoff)
                .map(e -> (EngineEvent.Backoff) e)
                .toList();
        assertThat(backoffs).extracting(EngineEvent.Backoff::delaySeconds).containsExactly(1L, 2L);
    }

    @Test
    void backoffDelaysAreOneAndTwoSecondsWithinTolerance() throws Exception {
        List<Long> spawnedAt = new CopyOnWriteArrayList<>();
        loop = new ThreadLoop("test-loop");
        launcher = new PosixSpawnLauncher();
        engine = new Engine(loop, launcher, e -> {
            events.add(e);
            if (e instanceof EngineEvent.Spawned) {
                spawnedAt.add(System.nanoTime());
            }
        });
        Path conf = dir.resolve("t.conf");
        Files.writeString(conf, """
            [fail]
            cmd = /bin/false
            startretries = 2
            starttime = 1
            """);
        engine.reload(new ConfigLoader().load(conf)).get(30, TimeUnit.SECONDS);
        await().atMost(BOUND).until(() -> proc("fail").state() == ProcessState.FATAL);
        assertThat(spawnedAt).hasSize(3);
        long first = TimeUnit.NANOSECONDS.toMillis(spawnedAt.get(1) - spawnedAt.get(0));
        long second = TimeUnit.NANOSECONDS.toMillis(spawnedAt.get(2) - spawnedAt.get(1));
        assertThat(first).isBetween(1000L, 2500L);
        assertThat(second).isBetween(2000L, 3500L);
    }

    @Test
    void aKilledProcessIsNoticedAndRestartedAtOnce() throws Exception {
        run("""
            [web]
            cmd = sleep 100000
            starttime = 0
            autorestart = true
            """);
        await().atMost(BOUND).until(() -> proc("web").state() == ProcessState.RUNNING);
        long pid = proc("web").pid();
        assertThat(Files.readString(Path.of("/proc/" + pid + "/comm")).trim()).isEqualTo("sleep");
        long t0 = System.nanoTime();
        Procs.signal(pid, "KILL");
        await().atMost(BOUND)
                .pollInterval(Duration.ofMillis(2))
                .until(() -> proc("web").pid() != pid && proc("web").state() == ProcessState.RUNNING);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("kill -9 to RUNNING again: " + ms + " ms");
        assertThat(events)
                .anyMatch(e -> e instanceof EngineEvent.Exited x && x.status().signal() == 9);
    }

    @Test
    void theStopSignalIsHonoured() throws Exception {
        Path marker = dir.resolve("usr1");
        run("""
            [trap]
            cmd = sh -c 'trap "echo got USR1 > %s; exit 0" USR1; while :; do sleep 0.1; done'
            stopsignal = USR1
            stoptime = 20
            starttime = 0
            """.formatted(marker));
        await().atMost(BOUND).until(() -> proc("trap").state() == ProcessState.RUNNING);
        engine.stop(List.of("trap")).get(30, TimeUnit.SECONDS);
        assertThat(proc("trap").state()).isEqualTo(ProcessState.STOPPED);
        assertThat(Files.readString(marker)).contains("got USR1");
        assertThat(events).noneMatch(e -> e instanceof EngineEvent.Killed);
        assertThat(proc("trap").exitStatus().code()).isZero();
    }

    @Test
    void sigkillFollowsWhenTermIsIgnored() throws Exception {
        // RUNNING comes at the spawn (starttime 0), before the shell has run its trap: the marker
        // says TERM is ignored, or a TERM sent first on a loaded box would end it as signal 15.
        Path ignoring = dir.resolve("ignoring");
        run("""
            [stubborn]
            cmd = sh -c 'trap "" TERM; : > %s; while :; do sleep 0.1; done'
            stoptime = 1
            starttime = 0
            """.formatted(ignoring));
        await().atMost(BOUND).until(() -> proc("stubborn").state() == ProcessState.RUNNING && Files.exists(ignoring));
        engine.stop(List.of("stubborn")).get(30, TimeUnit.SECONDS);
        assertThat(proc("stubborn").state()).isEqualTo(ProcessState.STOPPED);
        assertThat(events).anyMatch(e -> e instanceof EngineEvent.Killed);
        assertThat(proc("stubborn").exitStatus().signal()).isEqualTo(9);
    }

    @Test
    void noGrandchildSurvivesAStop() throws Exception {
        run("""
            [family]
            cmd = sh -c 'sleep 1001 & sleep 1002 & wait'
            starttime = 0
            """);
        await().atMost(BOUND).until(() -> Procs.withEnv("TM_TEST_TAG", tag).size() == 3);
        engine.stop(List.of("family")).get(30, TimeUnit.SECONDS);
        await().atMost(BOUND).until(() -> Procs.withEnv("TM_TEST_TAG", tag).isEmpty());
    }

    @Test
    void noGrandchildSurvivesItsParentsCrash() throws Exception {
        run("""
            [leaky]
            cmd = sh -c 'sleep 1003 & sleep 0.5; exit 4'
            starttime = 0
            autorestart = false
            """);
        await().atMost(BOUND).until(() -> proc("leaky").state() == ProcessState.EXITED);
        await().atMost(BOUND).until(() -> Procs.withEnv("TM_TEST_TAG", tag).isEmpty());
    }

    @Test
    void umaskWorkingdirAndEnvironmentReachTheProgram() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path out = dir.resolve("env.out");
        run("""
            [probe]
            cmd = sh -c 'umask; pwd; echo "$FOO|$BAR|$SUPERVISOR_PROCESS_NAME"; ls /proc/self/fd | wc -l'
            umask = 027
            workingdir = %s
            env = FOO=1,BAR="a, b"
            stdout = %s
            starttime = 0
            autorestart = false
            """.formatted(work, out));
        await().atMost(BOUND).until(() -> proc("probe").state() == ProcessState.EXITED);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("0027");
        assertThat(lines.get(1)).isEqualTo(work.toRealPath().toString());
        assertThat(lines.get(2)).isEqualTo("1|a, b|probe");
        // ls sees 0, 1, 2 and its own directory descriptor: nothing leaked from the JVM
        assertThat(lines.get(3).trim()).isEqualTo("4");
    }

    @Test
    void numprocsGivesEachProcessItsNameIdAndLog() throws Exception {
        Path out = dir.resolve("w.out");
        run("""
            [w]
            cmd = sh -c 'echo "id=$WORKER_ID"'
            numprocs = 3
            env = WORKER_ID=%%(process_num)s
            stdout = %s
            starttime = 0
            autorestart = false
            """.formatted(out));
        await().atMost(BOUND).until(() -> engine.processes().stream().allMatch(p -> p.state() == ProcessState.EXITED));
        assertThat(engine.processes()).extracting(ProcessSnapshot::name).containsExactly("w_00", "w_01", "w_02");
        for (int i = 0; i < 3; i++) {
            assertThat(Files.readString(dir.resolve("w.out." + i))).isEqualTo("id=" + i + "\n");
        }
    }

    @Test
    void aSpawnErrorIsKeptForStatus() throws Exception {
        run("""
            [missing]
            cmd = /nonexistent/binary
            startretries = 1
            """);
        await().atMost(BOUND).until(() -> proc("missing").state() == ProcessState.FATAL);
        assertThat(proc("missing").spawnError()).contains("/nonexistent/binary");
        assertThat(spawns("missing")).isEmpty();
    }
}
