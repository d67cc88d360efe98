package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.ExitStatus;

/** A program's umask is its own: files the daemon creates meanwhile keep the daemon's. */
class UmaskIsolationTest extends LauncherTestBase {
    @TempDir
    Path tmp;

    /** The process's umask, read without changing it (umask(2) can only be read by setting it). */
    static int processUmask() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Umask:"))
                .map(l -> Integer.parseInt(l.substring(6).trim(), 8))
                .findFirst()
                .orElseThrow();
    }

    private static int mode(Path p) throws IOException {
        int m = 0;
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        for (PosixFilePermission perm : PosixFilePermission.values()) {
            if (perms.contains(perm)) {
                m |= 0400 >> perm.ordinal();
            }
        }
        return m;
    }

    @Test
    void filesCreatedDuringSpawnsWithUmask0777KeepTheDaemonsMode() throws Exception {
        int before = processUmask();
        int expected = 0666 & ~before;
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        Thread spawner = Thread.ofPlatform().name("umask-spawner").start(() -> {
            try {
                for (int i = 0; i < 300; i++) {
                    spawn(SpecBuilder.command("true").umask(0777).build()).awaitExit();
                }
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                done.set(true);
            }
        });
        List<String> wrong = new ArrayList<>();
        int created = 0;
        while (!done.get()) {
            Path f = tmp.resolve("log" + created++);
            Files.newOutputStream(f).close(); // what opening a log or the pidfile does: mode 0666 & ~umask
            int m = mode(f);
            if (m != expected) {
                wrong.add(f.getFileName() + "=" + Integer.toOctalString(m));
            }
        }
        spawner.join();
        assertThat(failures).isEmpty();
        System.out.printf("%d files created during 300 spawns with umask 0777%n", created);
        assertThat(created).isGreaterThan(10);
        assertThat(wrong)
                .as("files with the program's umask instead of the daemon's")
                .isEmpty();
        assertThat(processUmask()).isEqualTo(before);
    }

    @Test
    void theChildStillGetsItsUmaskAndTheNextOneWithoutGetsTheDaemons() throws Exception {
        Path own = tmp.resolve("own");
        Path inherited = tmp.resolve("inherited");
        assertThat(spawn(SpecBuilder.shell("umask > " + own).umask(077).build()).awaitExit())
                .isEqualTo(ExitStatus.exited(0));
        assertThat(spawn(SpecBuilder.shell("umask > " + inherited).build()).awaitExit())
                .isEqualTo(ExitStatus.exited(0));
        assertThat(Files.readString(own).trim()).isEqualTo("0077");
        assertThat(Files.readString(inherited).trim()).isEqualTo(String.format("%04o", processUmask()));
    }
}
