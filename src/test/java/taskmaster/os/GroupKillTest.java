package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.ExitStatus;
import taskmaster.model.Signal;

/** Process groups: signalled as a whole or through their leader, and never outliving their leader. */
class GroupKillTest extends LauncherTestBase {
    @TempDir
    Path tmp;

    @Test
    void groupSignalReachesEveryMember() throws Exception {
        Started s = spawn(SpecBuilder.shell("sleep 1000 & sleep 1000 & wait").build());
        await().atMost(BOUND).until(() -> Proc.groupMembers(s.pid()).size() == 3);

        assertThat(launcher.signal(s.pid(), Signal.TERM, true)).isTrue();

        assertThat(s.awaitExit()).isEqualTo(ExitStatus.killed(15));
        await().atMost(BOUND).until(() -> Proc.groupMembers(s.pid()).isEmpty());
    }

    @Test
    void leaderOnlySignalLeavesTheOthers() throws Exception {
        Started s = spawn(SpecBuilder.shell("sleep 1000 & sleep 1000 & wait")
                .killAsGroup(false)
                .build());
        await().atMost(BOUND).until(() -> Proc.groupMembers(s.pid()).size() == 3);

        // A signal the leader survives: only it is stopped, the other two keep running.
        assertThat(launcher.signal(s.pid(), Signal.STOP, false)).isTrue();

        await().atMost(BOUND).until(() -> Proc.stat(s.pid())[0].equals("T"));
        assertThat(Proc.groupMembers(s.pid()))
                .filteredOn(p -> p != s.pid())
                .hasSize(2)
                .allSatisfy(p -> assertThat(Proc.stat(p)[0]).isNotEqualTo("T"));
        assertThat(launcher.signal(s.pid(), Signal.KILL, true)).isTrue();
        assertThat(s.awaitExit()).isEqualTo(ExitStatus.killed(9));
    }

    @Test
    void leftoversDieWithTheirLeader() throws Exception {
        Path bgPid = tmp.resolve("bg.pid");
        Started s = spawn(SpecBuilder.shell("sleep 1000 & echo $! > " + bgPid).build());

        assertThat(s.awaitExit()).isEqualTo(ExitStatus.exited(0));
        long background = Long.parseLong(Files.readString(bgPid).trim());
        // SIGKILLed before the leader was reaped, so it is already dead when the exit is reported.
        assertThat(Proc.alive(background)).isFalse();
    }

    /** killasgroup=false only keeps the stop time's SIGKILL to the leader: no orphan is ever left. */
    @Test
    void leftoversDieWithTheirLeaderWhenKillAsGroupIsOff() throws Exception {
        Path bgPid = tmp.resolve("bg.pid");
        Started s = spawn(SpecBuilder.shell("sleep 1000 & echo $! > " + bgPid)
                .killAsGroup(false)
                .build());

        assertThat(s.awaitExit()).isEqualTo(ExitStatus.exited(0));
        long background = Long.parseLong(Files.readString(bgPid).trim());
        assertThat(Proc.alive(background)).isFalse();
    }
}
