package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import org.junit.jupiter.api.Test;
import taskmaster.engine.ExitStatus;
import taskmaster.engine.SpawnException;

/** The windows between posix_spawn returning and the pidfd being watched. */
class SpawnRaceTest extends LauncherTestBase {
    private boolean failPidfd;

    @Override
    PosixSpawnLauncher newLauncher() {
        return new PosixSpawnLauncher(
                new ForwardingPosix() {
                    @Override
                    public int pidfdOpen(int pid) throws PosixException {
                        // Hold pidfd_open back until the child has exited: the exit came first.
                        await().atMost(BOUND).until(() -> !Proc.alive(pid));
                        if (failPidfd) {
                            throw new PosixException("pidfd_open", Errno.EMFILE);
                        }
                        return super.pidfdOpen(pid);
                    }
                },
                System.getenv());
    }

    @Test
    void childThatExitsBeforeItIsWatchedIsStillReported() throws Exception {
        Started s = spawn(SpecBuilder.shell("exit 5").build());
        assertThat(s.awaitExit()).isEqualTo(ExitStatus.exited(5));
    }

    @Test
    void childThatCannotBeWatchedIsTakenBack() throws Exception {
        failPidfd = true;
        List<Long> before = Proc.childrenOf(ProcessHandle.current().pid());
        assertThatThrownBy(() -> spawn(SpecBuilder.shell("exit 0").build()))
                .isInstanceOf(SpawnException.class)
                .hasMessageMatching("couldn't watch process \\d+: EMFILE \\(Too many open files\\)");
        assertThat(Proc.childrenOf(ProcessHandle.current().pid())).isEqualTo(before);
    }
}
