package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The guard that kills the daemon's children when the daemon dies: its script, and its replacement. */
class ChildGuardTest extends LauncherTestBase {

    @Test
    void atEndOfFileTheGuardKillsTheGroupsStillListedAndNoOther() throws Exception {
        // Two groups of their own (setsid execs sleep in place: it is not a group leader yet).
        Process listed = new ProcessBuilder("setsid", "sh", "-c", "sleep 100000 & exec sleep 100000").start();
        Process removed = new ProcessBuilder("setsid", "sleep", "100000").start();
        try {
            Process guard = new ProcessBuilder("/bin/sh", "-c", ChildGuard.SCRIPT, ChildGuard.NAME).start();
            await().atMost(BOUND)
                    .until(() -> Proc.pgid(listed.pid()) == listed.pid() && Proc.pgid(removed.pid()) == removed.pid());
            try (OutputStream in = guard.getOutputStream()) {
                in.write(("+ " + listed.pid() + "\n+ " + removed.pid() + "\n- " + removed.pid() + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
            } // closed: what the guard sees when the daemon dies
            await().atMost(BOUND).until(() -> !guard.isAlive());
            await().atMost(BOUND).until(() -> !listed.isAlive());
            assertThat(removed.isAlive()).isTrue();
        } finally {
            listed.destroyForcibly();
            removed.destroyForcibly();
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
