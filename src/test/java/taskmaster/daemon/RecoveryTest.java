package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.config.ConfigLoader;
import taskmaster.model.Configuration;
import taskmaster.os.ProcStat;

/** Recovery on hand-made process groups: which members of a recorded group it stops, and which it leaves. */
class RecoveryTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void sweep() {
        for (long pid : started) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Configuration noPrograms() throws Exception {
        Path conf = dir.resolve("t.conf");
        Files.writeString(conf, "[taskmasterd]\npidfile = %(here)s/t.pid\n");
        return new ConfigLoader().load(conf);
    }

    /** The pids of the live members of process group {@code pgid}. */
    private static List<Integer> members(int pgid) {
        return ProcStat.all().stream()
                .filter(p -> p.pgrp() == pgid && !p.ended())
                .map(ProcStat::pid)
                .toList();
    }

    @Test
    void aLeaderlessGroupLosesOnlyTheMembersThatCarryItsName() throws Exception {
        // A leader in its own session with two marked grandchildren and one that shed the marker.
        ProcessBuilder pb = new ProcessBuilder(
                "setsid",
                "sh",
                "-c",
                "sleep 900020 & sleep 900021 & env -u SUPERVISOR_PROCESS_NAME sleep 900022 & wait");
        pb.environment().put("SUPERVISOR_PROCESS_NAME", "grp");
        Process leader = pb.start();
        int lpid = (int) leader.pid();
        // Read /proc only once setsid ran: before its exec the child is still in the JVM's group.
        await().atMost(BOUND).until(() -> members(lpid).size() == 4);
        ProcStat ls = ProcStat.of(lpid).orElseThrow();
        assertThat(ls.pgrp()).isEqualTo(lpid);
        List<Integer> grandchildren =
                members(lpid).stream().filter(p -> p != lpid).toList();
        grandchildren.forEach(p -> started.add((long) p));
        int unmarked = grandchildren.stream()
                .filter(p -> !ProcStat.environmentHas(p, Recovery.MARKER, "grp"))
                .findFirst()
                .orElseThrow();
        leader.destroyForcibly().waitFor();

        Path state = dir.resolve("t.state");
        StateFile.write(
                state,
                new StateFile.State(
                        ProcStat.bootId(),
                        999_999,
                        1,
                        List.of(new StateFile.Child("grp", lpid, lpid, ls.startTicks()))));
        Recovery.run(state, noPrograms(), ProcessHandle.current().pid());

        // Recovery returns once what it stopped is gone.
        assertThat(members(lpid)).containsExactly(unmarked);
    }

    @Test
    void aGroupWhoseNumberIsAnotherProcessNowIsLeftAlone() throws Exception {
        // A live group leader with marked members, recorded with the wrong start time: as if our
        // leader had died and its number gone to this group.
        ProcessBuilder pb = new ProcessBuilder("setsid", "sh", "-c", "sleep 900023 & sleep 900024 & wait");
        pb.environment().put("SUPERVISOR_PROCESS_NAME", "grp");
        Process other = pb.start();
        started.add(other.pid());
        int opid = (int) other.pid();
        await().atMost(BOUND).until(() -> members(opid).size() == 3);
        members(opid).forEach(p -> started.add((long) p));
        ProcStat os = ProcStat.of(opid).orElseThrow();

        Path state = dir.resolve("t.state");
        StateFile.write(
                state,
                new StateFile.State(
                        ProcStat.bootId(),
                        999_999,
                        1,
                        List.of(new StateFile.Child("grp", opid, opid, os.startTicks() - 1))));
        Recovery.run(state, noPrograms(), ProcessHandle.current().pid());

        assertThat(members(opid)).hasSize(3);
        assertThat(other.isAlive()).isTrue();
    }

    @Test
    void aStateFileOfALiveDaemonIsLeftAlone() throws Exception {
        Process child = new ProcessBuilder("sleep", "900025").start();
        started.add(child.pid());
        ProcStat cs = ProcStat.of(child.pid()).orElseThrow();
        long self = ProcessHandle.current().pid();
        // Written by this very process (alive, with its start time): its child is not recovery's to stop.
        Path state = dir.resolve("t.state");
        StateFile.write(
                state,
                new StateFile.State(
                        ProcStat.bootId(),
                        self,
                        ProcStat.of(self).orElseThrow().startTicks(),
                        List.of(new StateFile.Child("sleeper", child.pid(), cs.pgrp(), cs.startTicks()))));
        Recovery.run(state, noPrograms(), 999_998);
        assertThat(child.isAlive()).isTrue();
    }
}
