package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.config.ConfigLoader;
import taskmaster.config.RunFiles;
import taskmaster.model.Configuration;
import taskmaster.os.ProcStat;
import taskmaster.testing.DaemonConfig;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * kill -9 of the daemon, then a new start: the previous children are found through the state
 * file, verified, stopped (their process groups too), and exactly the configured processes run.
 */
class CrashRecoveryTest {

    private static final String TAG = "TM_TEST_TAG";

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString();

    @AfterEach
    void sweep() {
        Procs.killAll(TAG, tag);
    }

    private DaemonConfig conf(String programs) throws Exception {
        DaemonConfig conf =
                TestDaemon.in(dir).tag(TAG, tag).keys("loglevel = info").programs(programs);
        conf.write();
        return conf;
    }

    private Path stateFile(DaemonConfig conf) throws Exception {
        Configuration c = new ConfigLoader().load(conf.conf);
        return RunFiles.of(c.daemon(), c.file()).state();
    }

    /** 20 programs, 23 processes, 38 tagged processes with the grandchildren. */
    private static String twentyPrograms() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 9; i++) {
            sb.append("[p0")
                    .append(i)
                    .append("]\ncmd = sleep ")
                    .append(100000 + i)
                    .append("\nstarttime = 0\n");
        }
        sb.append("[multi1]\ncmd = sleep 200001\nnumprocs = 3\nstarttime = 0\n");
        sb.append("[multi2]\ncmd = sleep 200002\nnumprocs = 2\nstarttime = 0\n");
        for (int i = 1; i <= 4; i++) {
            // Two grandchildren in the leader's process group.
            sb.append("[fork")
                    .append(i)
                    .append("]\ncmd = sh -c 'sleep 30000")
                    .append(i)
                    .append(" & sleep 30001")
                    .append(i)
                    .append(" & wait'\nstarttime = 0\n");
        }
        for (int i = 1; i <= 2; i++) {
            // TERM ignored by the shell and by its child: only SIGKILL, after stoptime, ends them.
            sb.append("[ign")
                    .append(i)
                    .append("]\ncmd = sh -c 'trap \"\" TERM; sleep 40000")
                    .append(i)
                    .append(" & wait'\nstarttime = 0\nstoptime = 2\n");
        }
        for (int i = 1; i <= 2; i++) {
            // Their leader is killed while no daemon runs: the grandchildren stay, leaderless.
            sb.append("[orphan")
                    .append(i)
                    .append("]\ncmd = sh -c 'sleep 50000")
                    .append(i)
                    .append(" & sleep 50001")
                    .append(i)
                    .append(" & wait'\nstarttime = 0\n");
        }
        sb.append(
                "[usr1]\ncmd = sh -c 'trap \"exit 0\" USR1; sleep 600001 & wait'\nstarttime = 0\nstopsignal = USR1\n");
        return sb.toString();
    }

    private static final int PROCESSES = 23;
    private static final int TAGGED = 38;

    @Test
    void afterKill9TheNextStartStopsWhatWasLeftAndRunsEachProcessOnce() throws Exception {
        DaemonConfig conf = conf(twentyPrograms());
        Path log = conf.logFile();
        Map<String, Long> oldPids;
        try (TestDaemon d = conf.start()) {
            await().atMost(TestDaemon.BOUND).until(() -> d.count("success: ") == PROCESSES);
            await().atMost(TestDaemon.BOUND).until(() -> Procs.withEnv(TAG, tag).size() == TAGGED);
            oldPids = spawned(d.log());
            assertThat(oldPids).hasSize(PROCESSES);
            Path state = stateFile(conf);
            await().atMost(TestDaemon.BOUND)
                    .until(() -> Files.exists(state)
                            && Files.readString(state)
                                            .lines()
                                            .filter(l -> l.startsWith("child "))
                                            .count()
                                    == PROCESSES);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
                    .isEqualTo("rw-------");
            d.crash();
        }
        // What a kill -9 leaves running, unmanaged: every child and grandchild or, where the launcher
        // gives children a parent-death signal, what outlives it (grandchildren at least).
        Map<Long, Long> left = settledGroups();
        assertThat(left.size()).as("processes left by the kill -9").isGreaterThanOrEqualTo(15);
        for (String o : List.of("orphan1", "orphan2")) {
            long leader = oldPids.get(o);
            if (left.remove(leader) != null) {
                Procs.signal(leader, "KILL");
                await().atMost(TestDaemon.BOUND)
                        .until(() -> ProcStat.of(leader).map(ProcStat::ended).orElse(true));
            }
        }
        assertThat(left.values())
                .as("the orphans' grandchildren, leaderless now")
                .filteredOn(g -> g.equals(oldPids.get("orphan1")) || g.equals(oldPids.get("orphan2")))
                .hasSize(4);
        Set<Long> oldTagged = Set.copyOf(left.keySet());
        Files.move(log, dir.resolve("tm.log.before-crash"));

        try (TestDaemon d = conf.start()) {
            await().atMost(TestDaemon.BOUND).until(() -> d.count("success: ") == PROCESSES);
            await().atMost(TestDaemon.BOUND)
                    .untilAsserted(() -> assertThat(Procs.withEnv(TAG, tag))
                            .as("the tagged processes")
                            .hasSize(TAGGED)
                            .doesNotContainAnyElementsOf(oldTagged));
            String text = d.log();
            // Recovery ran before the first spawn.
            assertThat(text.indexOf("recovery: stopped")).isLessThan(text.indexOf("spawned: "));
            assertThat(text).contains("recovery: stopped " + left.size() + " process(es)");
            Map<Long, String> nameOfGroup = new HashMap<>();
            oldPids.forEach((name, pid) -> nameOfGroup.put(pid, name));
            left.forEach((pid, group) -> assertThat(text)
                    .contains("recovery: found " + nameOfGroup.get(group) + " pid " + pid + " ("
                            + (pid.equals(group) ? "leader" : "member") + " of process group " + group + ")"));
            assertThat(text).contains("recovery: killed: ign1", "recovery: killed: ign2");
            // The processes running are exactly the new daemon's: each in the group of a pid it spawned.
            Map<String, Long> newPids = spawned(text);
            assertThat(newPids).hasSize(PROCESSES);
            assertThat(newPids.values()).doesNotContainAnyElementsOf(oldTagged);
            Set<Long> groups = new HashSet<>();
            for (long p : Procs.withEnv(TAG, tag)) {
                groups.add((long) ProcStat.of(p).orElseThrow().pgrp());
            }
            assertThat(groups).containsExactlyInAnyOrderElementsOf(newPids.values());
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
            assertThat(Procs.withEnv(TAG, tag)).isEmpty();
            // A clean shutdown leaves nothing to recover.
            assertThat(stateFile(conf)).doesNotExist();
        }
    }

    @Test
    void aDaemonKilledWhileRecoveringLeavesTheWorkToTheNextStart() throws Exception {
        DaemonConfig conf =
                conf("[stubborn]\ncmd = sh -c 'trap \"\" TERM; sleep 700006 & wait'\nstarttime = 0\nstoptime = 8\n");
        Path log = conf.logFile();
        Path state = stateFile(conf);
        try (TestDaemon d = conf.start()) {
            d.awaitLog("success: stubborn entered RUNNING");
            await().atMost(TestDaemon.BOUND)
                    .until(() -> Procs.withEnv(TAG, tag).size() == 2
                            && Files.exists(state)
                            && Files.readString(state).contains(" stubborn\n"));
            d.crash();
        }
        Map<Long, Long> left = settledGroups();
        long one = left.keySet().iterator().next();
        try (TestDaemon d = conf.start()) {
            d.awaitLog("recovery: found stubborn pid " + one + " ");
            // Killed while waiting out the stoptime of what it found (which ignores SIGTERM).
            d.process.destroyForcibly();
            d.process.waitFor();
        }
        assertThat(Procs.withEnv(TAG, tag)).containsExactlyInAnyOrderElementsOf(left.keySet());
        try (TestDaemon d = conf.start()) {
            await().atMost(TestDaemon.BOUND).until(() -> d.count("recovery: found stubborn pid " + one + " ") == 2);
            d.awaitLog("recovery: killed: stubborn pid " + one + " with SIGKILL");
            await().atMost(TestDaemon.BOUND).until(() -> d.count("success: stubborn") == 2);
            await().atMost(TestDaemon.BOUND)
                    .untilAsserted(() ->
                            assertThat(Procs.withEnv(TAG, tag)).hasSize(2).doesNotContainAnyElementsOf(left.keySet()));
            d.signal("TERM");
            assertThat(d.awaitExit()).isZero();
        }
    }

    @Test
    void aLivePidWithAnotherStartTimeIsNeverSignalled() throws Exception {
        DaemonConfig conf = conf("[web]\ncmd = sleep 700001\nstarttime = 0\n");
        Process bystander = new ProcessBuilder("sleep", "700002").start();
        try {
            ProcStat b = ProcStat.of(bystander.pid()).orElseThrow();
            ProcStat jvm = ProcStat.of(ProcessHandle.current().pid()).orElseThrow();
            // The bystander's pid, and this JVM's, with start times they do not have; the JVM's own
            // process group recorded as a group whose leader started at tick 0, so every member is
            // "younger": only the missing SUPERVISOR_PROCESS_NAME keeps them from being stopped.
            Files.writeString(
                    stateFile(conf),
                    "taskmaster-state 1\n"
                            + "boot " + ProcStat.bootId() + "\n"
                            + "daemon 999999 1\n"
                            + "child " + b.pid() + " " + b.pid() + " " + (b.startTicks() + 7) + " web\n"
                            + "child " + jvm.pid() + " " + jvm.pgrp() + " 0 gone\n");
            Files.setPosixFilePermissions(stateFile(conf), PosixFilePermissions.fromString("rw-------"));
            try (TestDaemon d = conf.start()) {
                d.awaitLog("success: web entered RUNNING");
                assertThat(d.log())
                        .contains(
                                "recovery: not signalling pid " + b.pid() + ": it is not web (started at tick "
                                        + b.startTicks() + ", not " + (b.startTicks() + 7),
                                "recovery: not signalling pid " + jvm.pid() + ": it is not gone",
                                "recovery: none of the 2 process(es)");
                assertThat(d.log()).doesNotContain("recovery: found");
                assertThat(bystander.isAlive()).isTrue();
                d.signal("TERM");
                assertThat(d.awaitExit()).isZero();
            }
            assertThat(bystander.isAlive()).isTrue();
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    void aCorruptOrForeignStateFileIsLoggedAndIgnored() throws Exception {
        DaemonConfig conf = conf("[web]\ncmd = sleep 700003\nstarttime = 0\n");
        Map<String, String> cases = new HashMap<>();
        cases.put(
                "taskmaster-state 1\nboot " + ProcStat.bootId() + "\ndaemon 999999 1\nchild 1 1 0 init\n",
                "recovery: ignoring the state file .*: line 4: pid 1 out of range");
        cases.put("\u0000\u0001garbage", "recovery: ignoring the state file .*: truncated");
        cases.put("", "recovery: ignoring the state file .*: empty");
        cases.put(
                "taskmaster-state 1\nboot 00000000-0000-0000-0000-000000000000\ndaemon 999999 1\nchild "
                        + ProcessHandle.current().pid() + " "
                        + ProcessHandle.current().pid() + " 0 web\n",
                "recovery: ignoring the state file .*: it is from another boot");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path log = conf.logFile();
            Files.deleteIfExists(log);
            Files.writeString(stateFile(conf), c.getKey());
            Files.setPosixFilePermissions(stateFile(conf), PosixFilePermissions.fromString("rw-------"));
            try (TestDaemon d = conf.start()) {
                d.awaitLog("success: web entered RUNNING");
                assertThat(d.log()).containsPattern(c.getValue());
                d.signal("TERM");
                assertThat(d.awaitExit()).isZero();
            }
        }
    }

    @Test
    void aStateFileOthersMayWriteIsNotTrusted() throws Exception {
        DaemonConfig conf = conf("[web]\ncmd = sleep 700004\nstarttime = 0\n");
        Process victim = new ProcessBuilder("sleep", "700005").start();
        try {
            ProcStat v = ProcStat.of(victim.pid()).orElseThrow();
            // Accurate in every detail: only where it comes from is wrong.
            Files.writeString(
                    stateFile(conf),
                    "taskmaster-state 1\nboot " + ProcStat.bootId() + "\ndaemon 999999 1\n" + "child " + v.pid() + " "
                            + v.pgrp() + " " + v.startTicks() + " web\n");
            Files.setPosixFilePermissions(stateFile(conf), PosixFilePermissions.fromString("rw-rw-rw-"));
            try (TestDaemon d = conf.start()) {
                d.awaitLog("success: web entered RUNNING");
                assertThat(d.log()).contains("recovery: ignoring the state file", "others may write to it");
                assertThat(victim.isAlive()).isTrue();
                d.signal("TERM");
                assertThat(d.awaitExit()).isZero();
            }
        } finally {
            victim.destroyForcibly();
        }
    }

    /**
     * The tagged processes and their process groups, once no more of them is ending: a parent-death
     * signal, where the launcher sets one, is still being acted upon just after the daemon died.
     */
    private Map<Long, Long> settledGroups() {
        java.util.concurrent.atomic.AtomicReference<Map<Long, Long>> last =
                new java.util.concurrent.atomic.AtomicReference<>(Map.of());
        await().atMost(TestDaemon.BOUND)
                .pollInterval(java.time.Duration.ofMillis(300))
                .until(() -> {
                    Map<Long, Long> now = new HashMap<>();
                    for (long p : Procs.withEnv(TAG, tag)) {
                        ProcStat.of(p).ifPresent(st -> now.put(p, (long) st.pgrp()));
                    }
                    return !now.isEmpty() && now.equals(last.getAndSet(now));
                });
        return new HashMap<>(last.get());
    }

    private static Map<String, Long> spawned(String log) {
        Map<String, Long> m = new HashMap<>();
        Matcher x = Pattern.compile("spawned: '([^']+)' with pid (\\d+)").matcher(log);
        while (x.find()) {
            m.put(x.group(1), Long.parseLong(x.group(2)));
        }
        return m;
    }
}
