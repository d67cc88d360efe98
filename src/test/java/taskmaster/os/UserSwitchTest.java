package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import taskmaster.engine.ExitStatus;
import taskmaster.model.UserSpec;

/** user=nobody, through setpriv; only meaningful (and possible) when the tests run as root. */
class UserSwitchTest extends LauncherTestBase {
    private static final UserSpec NOBODY = new UserSpec("nobody", 65534, 65534, List.of(), "/nonexistent");

    @BeforeEach
    void onlyAsRoot() {
        assumeTrue(Posix.linux().geteuid() == 0, "needs root");
    }

    @Test
    void runsAsTheUserWithItsHomeAndName() throws Exception {
        long pid =
                spawn(SpecBuilder.command("sleep", "1000").user(NOBODY).build()).pid();

        // setpriv execs the program, so the pid we got is already the program's.
        org.awaitility.Awaitility.await()
                .atMost(BOUND)
                .until(() -> Proc.comm(pid).equals("sleep"));
        var status = Proc.status(pid);
        assertThat(status.get("Uid")).isEqualTo("65534\t65534\t65534\t65534");
        assertThat(status.get("Gid")).isEqualTo("65534\t65534\t65534\t65534");
        assertThat(status.get("Groups")).isEmpty();
        assertThat(Proc.environ(pid)).contains("HOME=/nonexistent", "USER=nobody", "LOGNAME=nobody");
        assertThat(Proc.pgid(pid)).isEqualTo(pid);
    }

    @Test
    void supplementaryGroupsAreSet() throws Exception {
        UserSpec withGroups = new UserSpec("nobody", 65534, 65534, List.of(100, 65534), "/nonexistent");
        long pid = spawn(SpecBuilder.command("sleep", "1000").user(withGroups).build())
                .pid();

        org.awaitility.Awaitility.await()
                .atMost(BOUND)
                .until(() -> Proc.comm(pid).equals("sleep"));
        assertThat(Proc.status(pid).get("Groups")).isEqualTo("100 65534");
    }

    @Test
    void exitCodeIsTheProgramsNotSetprivs() throws Exception {
        Started s = spawn(SpecBuilder.shell("exit 4").user(NOBODY).build());
        assertThat(s.awaitExit()).isEqualTo(ExitStatus.exited(4));
    }
}
