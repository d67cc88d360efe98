package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import taskmaster.engine.ExitStatus;
import taskmaster.engine.SpawnException;
import taskmaster.model.ProcessSpec;
import taskmaster.model.Resources;
import taskmaster.model.Rlimit;
import taskmaster.model.Rlimit.Resource;
import taskmaster.model.UserSpec;

/** Programs start with their rlimit_* (through prlimit), keep their pid, and a limit that cannot be set is a spawn error. */
class RlimitSpawnTest extends LauncherTestBase {

    private static ProcessSpec limited(ProcessSpec spec, Rlimit... rlimits) {
        return spec.withResources(Resources.NONE.withRlimits(List.of(rlimits)));
    }

    /** {@code Max open files  256  512  files}: the soft and hard columns of /proc/PID/limits. */
    private static List<String> limits(long pid, String name) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
            if (line.startsWith(name)) {
                String[] cols = line.substring(name.length()).trim().split("\\s+");
                return List.of(cols[0], cols[1]);
            }
        }
        throw new AssertionError("no " + name + " in /proc/" + pid + "/limits");
    }

    @Test
    void theProgramRunsWithItsLimitsFromTheStartAndKeepsThePid() throws Exception {
        long pid = spawn(limited(
                        SpecBuilder.command("sleep", "1000").build(),
                        new Rlimit(Resource.NOFILE, 256, 512),
                        new Rlimit(Resource.CORE, 0, 0)))
                .pid();
        // prlimit execs the program: the pid spawned is the program's.
        await().atMost(BOUND).until(() -> Proc.comm(pid).equals("sleep"));
        assertThat(limits(pid, "Max open files")).containsExactly("256", "512");
        assertThat(limits(pid, "Max core file size")).containsExactly("0", "0");
        assertThat(Proc.pgid(pid)).isEqualTo(pid);
    }

    @Test
    void theLimitsHoldBeforeTheProgramsFirstInstruction() throws Exception {
        // The shell reads its own limits as its first act: nothing ran before them unlimited.
        Path out = Files.createTempFile("rlimit", ".txt");
        try {
            Started s = spawn(limited(
                    SpecBuilder.shell("ulimit -Sn; ulimit -Hn; ulimit -s")
                            .stdout(out)
                            .build(),
                    new Rlimit(Resource.NOFILE, 100, 200),
                    new Rlimit(Resource.STACK, 4L << 20, 8L << 20)));
            assertThat(s.awaitExit()).isEqualTo(ExitStatus.exited(0));
            await().atMost(BOUND).until(() -> Files.readAllLines(out).size() == 3);
            assertThat(Files.readAllLines(out)).containsExactly("100", "200", "4096");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void theExitStatusIsTheProgramsNotPrlimits() throws Exception {
        Started s = spawn(limited(SpecBuilder.shell("exit 4").build(), new Rlimit(Resource.CORE, 0, 0)));
        assertThat(s.awaitExit()).isEqualTo(ExitStatus.exited(4));
    }

    @Test
    void aLimitLinuxRefusesIsASpawnErrorNamingTheKey() {
        long nrOpen = KernelLimits.current().nrOpen();
        assumeTrue(nrOpen > 0, "no /proc/sys/fs/nr_open");
        ProcessSpec tooMany =
                limited(SpecBuilder.command("sleep", "1000").build(), new Rlimit(Resource.NOFILE, 256, nrOpen + 1));
        assertThatThrownBy(() -> spawn(tooMany))
                .isInstanceOf(SpawnException.class)
                .hasMessage("can't set rlimit_nofile = 256:" + (nrOpen + 1) + ": the hard limit is above fs.nr_open ("
                        + nrOpen + "), Linux's cap on open files, even for root");
        assertThat(launcher.running()).isZero();
    }

    @Test
    void aHardLimitAboveTheDaemonsIsSetWithTheCapabilityAndASpawnErrorWithout() throws Exception {
        KernelLimits mine = KernelLimits.current();
        long hard = mine.hard().get(Resource.NOFILE);
        assumeTrue(hard != Rlimit.UNLIMITED && hard < mine.nrOpen(), "no room above the daemon's hard limit");
        ProcessSpec more =
                limited(SpecBuilder.command("sleep", "1000").build(), new Rlimit(Resource.NOFILE, 256, hard + 1));
        if (mine.canRaise()) {
            long pid = spawn(more).pid();
            await().atMost(BOUND).until(() -> Proc.comm(pid).equals("sleep"));
            assertThat(limits(pid, "Max open files")).containsExactly("256", Long.toString(hard + 1));
        } else {
            assertThatThrownBy(() -> spawn(more))
                    .isInstanceOf(SpawnException.class)
                    .hasMessage("can't set rlimit_nofile = 256:" + (hard + 1) + ": the hard limit is above the"
                            + " daemon's own (" + hard + "), and raising a hard limit needs CAP_SYS_RESOURCE (root)");
        }
    }

    @Test
    void raisingAHardLimitWithoutTheCapabilityIsASpawnError() throws Exception {
        KernelLimits unprivileged = new KernelLimits(Map.of(Resource.NPROC, 1000L), false, 1 << 20);
        Rlimit more = new Rlimit(Resource.NPROC, 100, 2000);
        assertThatThrownBy(() -> RlimitSwitch.prefix(List.of(more), unprivileged))
                .isInstanceOf(SpawnException.class)
                .hasMessage("can't set rlimit_nproc = 100:2000: the hard limit is above the daemon's own (1000), and"
                        + " raising a hard limit needs CAP_SYS_RESOURCE (root)");
        assertThatThrownBy(() ->
                        RlimitSwitch.prefix(List.of(new Rlimit(Resource.NPROC, 10, Rlimit.UNLIMITED)), unprivileged))
                .hasMessageContaining("rlimit_nproc = 10:unlimited: the hard limit is above the daemon's own");
        // Lowering is always allowed, and so is anything with the capability.
        assertThat(RlimitSwitch.prefix(List.of(new Rlimit(Resource.NPROC, 10, 1000)), unprivileged))
                .containsExactly("/usr/bin/prlimit", "--nproc=10:1000", "--");
        assertThat(RlimitSwitch.prefix(List.of(more), new KernelLimits(Map.of(Resource.NPROC, 1000L), true, 0)))
                .containsExactly("/usr/bin/prlimit", "--nproc=100:2000", "--");
        assertThat(RlimitSwitch.prefix(List.of(), unprivileged)).isEmpty();
    }

    @Test
    void theDaemonsOwnLimitsAreRead() throws Exception {
        KernelLimits mine = KernelLimits.current();
        assertThat(mine.hard().get(Resource.NOFILE))
                .isEqualTo(Long.parseLong(
                        limits(ProcessHandle.current().pid(), "Max open files").get(1)));
        assertThat(mine.hard()).containsKeys(Resource.CORE, Resource.AS, Resource.NPROC, Resource.STACK);
    }

    @Test
    void theLimitsAreSetBeforeThePrivilegesAreDropped() throws Exception {
        assumeTrue(Posix.linux().geteuid() == 0, "needs root");
        UserSpec nobody = new UserSpec("nobody", 65534, 65534, List.of(), "/nonexistent");
        long pid = spawn(limited(
                        SpecBuilder.command("sleep", "1000").user(nobody).build(),
                        new Rlimit(Resource.NOFILE, 300, 400)))
                .pid();
        await().atMost(BOUND).until(() -> Proc.comm(pid).equals("sleep"));
        assertThat(Proc.status(pid).get("Uid")).isEqualTo("65534\t65534\t65534\t65534");
        assertThat(limits(pid, "Max open files")).containsExactly("300", "400");
    }
}
