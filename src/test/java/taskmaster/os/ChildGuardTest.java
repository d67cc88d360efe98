package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard that kills the daemon's children when the daemon dies: its script, and its replacement. */
class ChildGuardTest extends LauncherTestBase {

    /** /bin/sh is dash on Debian; the script is also run by bash where /bin/sh is bash. */
    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "bash"})
    void atEndOfFileTheGuardKillsTheGroupsStillListedAndNoOther(String shell) throws Exception {
        // Two groups of their own (setsid execs sleep in place: it is not a group leader yet).
        Process listed = new ProcessBuilder("setsid", "sh", "-c", "sleep 100000 & exec sleep 100000").start();
        Process removed = new ProcessBuilder("setsid", "sleep", "100000").start();
        Process again = new ProcessBuilder("setsid", "sleep", "100000").start();
        try {
            Process guard = new ProcessBuilder(shell, "-c", ChildGuard.SCRIPT, ChildGuard.NAME).start();
            await().atMost(BOUND)
                    .until(() -> Proc.pgid(listed.pid()) == listed.pid()
                            && Proc.pgid(removed.pid()) == removed.pid()
                            && Proc.pgid(again.pid()) == again.pid());
            try (OutputStream in = guard.getOutputStream()) {
                in.write(("+ " + listed.pid() + "\n+ " + removed.pid() + "\n- " + removed.pid()
                                // a number reused by a later group of ours: listed again
                                + "\n+ " + again.pid() + "\n- " + again.pid() + "\n+ " + again.pid()
                                // what is not a group number is no command (the daemon never sends it)
                                + "\n+ 1;x\n- \n+ \n")
                        .getBytes(StandardCharsets.US_ASCII));
            } // closed: what the guard sees when the daemon dies
            await().atMost(BOUND).until(() -> !guard.isAlive());
            await().atMost(BOUND).until(() -> !listed.isAlive() && !again.isAlive());
            assertThat(removed.isAlive()).isTrue();
            assertThat(guard.exitValue()).isZero();
        } finally {
            listed.destroyForcibly();
            removed.destroyForcibly();
            again.destroyForcibly();
        }
    }

    /**
     * A stop of all reaps the groups in the reverse of their start: the guard keeps up with
     * thousands of removals in that order (the list as one string took dash 32 s of CPU for a
     * thousand, and about 27 times that for three thousand), and kills only what is left.
     */
    @Test
    void thousandsOfGroupsRemovedInReverseOrderLeaveOnlyTheLastListed() throws Exception {
        Process listed = new ProcessBuilder("setsid", "sleep", "100000").start();
        try {
            await().atMost(BOUND).until(() -> Proc.pgid(listed.pid()) == listed.pid());
            Process guard = new ProcessBuilder("/bin/sh", "-c", ChildGuard.SCRIPT, ChildGuard.NAME).start();
            StringBuilder ops = new StringBuilder("+ " + listed.pid() + "\n");
            // Above the largest pid the kernel can give (2^22): never a live group, on any machine.
            int base = 5_000_000;
            for (int i = 0; i < 3000; i++) {
                ops.append("+ ").append(base + i).append('\n');
            }
            for (int i = 2999; i >= 0; i--) {
                ops.append("- ").append(base + i).append('\n');
            }
            try (OutputStream in = guard.getOutputStream()) {
                in.write(ops.toString().getBytes(StandardCharsets.US_ASCII));
            }
            await().atMost(BOUND).until(() -> !guard.isAlive());
            await().atMost(BOUND).until(() -> !listed.isAlive());
        } finally {
            listed.destroyForcibly();
        }
    }

    @Test
    void aKilledGuardIsReplacedAtTheNextSpawn() throws Exception {
        spawn(SpecBuilder.command("sleep", "100000").name("first").build());
        int old = ChildGuard.get().pid();
        assertThat(old).isPositive();
        Posix.linux().kill(old, 9);
        await().atMost(BOUND).until(() -> !Proc.alive(old)); // dead: a zombie until the launcher reaps it
        spawn(SpecBuilder.command("sleep", "100000").name("second").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> ChildGuard.get().pid() != old);
        int now = ChildGuard.get().pid();
        assertThat(Proc.alive(now)).isTrue();
        assertThat(Proc.cmdline(now)).contains(ChildGuard.NAME);
    }
}
