package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * {@code taskmasterctl restart --rolling pool:*} on a real pool of three: polled in {@code /proc}
 * all along, never are two of the pool's processes down at once. A process counts as serving when
 * it is one of the pool's first pids still alive, or a new one alive for half its starttime (2 s):
 * a plain restart has all three young at once, so none serves for a second.
 */
class RollingRestartCtlTest {

    private static final long SERVING_AFTER_MS = 1000;

    @TempDir
    Path dir;

    private TestDaemon daemon;

    @AfterEach
    void sweep() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** The pool's live processes: the tag in their environment and {@code sleep 100000} as their command. */
    private Set<Long> poolPids() {
        Set<Long> out = new HashSet<>();
        for (long pid : Procs.withEnv(daemon.config.tagVar(), daemon.tag)) {
            try {
                String cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.ISO_8859_1);
                if (cmd.equals("sleep\0" + "100000\0")) {
                    out.add(pid);
                }
            } catch (IOException gone) {
                // ended meanwhile
            }
        }
        return out;
    }

    @Test
    void aRollingRestartNeverHasTwoOfThePoolDown() throws Exception {
        daemon = TestDaemon.in(dir).programs("""
            [pool]
            cmd = sleep 100000
            numprocs = 3
            starttime = 2
            """).start().awaitUrl();
        for (int i = 0; i < 3; i++) {
            daemon.awaitState("taskmaster:type=Process,program=pool,name=pool_0" + i, "RUNNING");
        }
        Set<Long> first = poolPids();
        assertThat(first).hasSize(3);

        CompletableFuture<Run> ctl =
                CompletableFuture.supplyAsync(() -> Run.ctl(daemon, "restart", "--rolling", "pool:*"));
        Map<Long, Long> firstSeen = new HashMap<>();
        int fewest = 3;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestDaemon.BOUND.toSeconds());
        while (!ctl.isDone() && System.nanoTime() < deadline) {
            long now = System.nanoTime() / 1_000_000;
            int serving = 0;
            for (long pid : poolPids()) {
                firstSeen.putIfAbsent(pid, now);
                if (first.contains(pid) || now - firstSeen.get(pid) >= SERVING_AFTER_MS) {
                    serving++;
                }
            }
            fewest = Math.min(fewest, serving);
            Thread.sleep(10); // the polling interval of /proc, not a wait for an event
        }
        Run r = ctl.get(TestDaemon.BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(fewest).as("the fewest of the pool serving at once").isEqualTo(2);
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).isEqualTo("pool:pool_00: restarted\npool:pool_01: restarted\npool:pool_02: restarted\n");
        Set<Long> now = poolPids();
        assertThat(now).hasSize(3).doesNotContainAnyElementsOf(first);
        // Every new pid was seen while the restart ran: each came up in its turn.
        assertThat(firstSeen.keySet()).containsAll(now);
    }

    @Test
    void anUnknownNameFailsAndRestartsNothing() throws Exception {
        daemon = TestDaemon.in(dir)
                .programs("[pool]\ncmd = sleep 100000\nnumprocs = 2\nstarttime = 0\n")
                .start()
                .awaitUrl();
        daemon.awaitState("taskmaster:type=Process,program=pool,name=pool_01", "RUNNING");
        Set<Long> first = poolPids();
        Run r = Run.ctl(daemon, "restart", "--rolling", "pool:*", "nope");
        assertThat(r.code()).isEqualTo(Exit.FAILED);
        assertThat(r.out()).contains("nope");
        assertThat(poolPids()).isEqualTo(first);
    }

    @Test
    void oneThatDoesNotComeBackStopsTheRestart() throws Exception {
        // Each process's command is its own script: pool_01's is made to fail before the restart.
        for (int i = 0; i < 3; i++) {
            Path s = dir.resolve("run" + i + ".sh");
            Files.writeString(s, "#!/bin/sh\nexec sleep 100000\n");
            s.toFile().setExecutable(true);
        }
        daemon = TestDaemon.in(dir).programs("""
            [pool]
            cmd = %(here)s/run%(process_num)d.sh
            numprocs = 3
            starttime = 1
            startretries = 0
            """).start().awaitUrl();
        for (int i = 0; i < 3; i++) {
            daemon.awaitState("taskmaster:type=Process,program=pool,name=pool_0" + i, "RUNNING");
        }
        Files.writeString(dir.resolve("run1.sh"), "#!/bin/sh\nexit 1\n");
        long pid2 = ((Number) daemon.read("taskmaster:type=Process,program=pool,name=pool_02", "Pid")).longValue();
        Run r = Run.ctl(daemon, "restart", "--rolling", "pool");
        assertThat(r.out())
                .as("%s", r)
                .startsWith("pool:pool_00: restarted\npool:pool_01: ERROR (spawn error)\n"
                        + "pool:pool_02: ERROR (failed: not restarted: the rolling restart stopped at pool_01");
        assertThat(r.code()).isEqualTo(Exit.FAILED);
        assertThat(((Number) daemon.read("taskmaster:type=Process,program=pool,name=pool_02", "Pid")).longValue())
                .isEqualTo(pid2);
        assertThat(List.of(daemon.read("taskmaster:type=Process,program=pool,name=pool_02", "State")))
                .containsExactly("RUNNING");
    }
}
