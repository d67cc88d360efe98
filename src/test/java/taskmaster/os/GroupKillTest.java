package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.ExitStatus;
import taskmaster.model.Signal;

/** Process groups: signalled as a whole, and not outliving their leader unless asked. */
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
        Started s = spawn(SpecBuilder.shell("sleep 1000 & sleep 1000 & wait").killAsGroup(false).build());
        await().atMost(BOUND).until(() -> Proc.groupMembers(s.pid()).size() == 3);

        assertThat(launcher.signal(s.pid(), Signal.KILL, false)).isTrue();

        assertThat(s.awaitExit()).isEqualTo(ExitStatus.killed(9));
        assertThat(Proc.groupMembers(s.pid())).hasSize(2);
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

    @Test
    void leftoversSurviveWhenKillAsGroupIsOff() throws Exception {
        Path bgPid = tmp.resolve("bg.pid");
        Started s = spawn(SpecBuilder.shell("sleep 1000 & echo $! > " + bgPid).killAsGroup(false).build());

        assertThat(s.awaitExit()).isEqualTo(ExitStatus.exited(0));
        long background = Long.parseLong(Files.readString(bgPid).trim());
        assertThat(Proc.alive(background)).isTrue();

        Posix.linux().kill((int) background, 9);
        await().atMost(BOUND).until(() -> !Proc.alive(background));
    }
}
