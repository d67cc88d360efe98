package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * The daemon's own files (pid/lock, url, secret) against a real daemon: never written through a
 * planted link, their modes whatever the umask, and never in a folder others may write to.
 */
class OwnFilesTest {

    static final Duration BOUND = Duration.ofSeconds(60);
    static final String PROGRAM = "[one]\ncmd = sleep 100000\nstarttime = 0\n";

    @TempDir
    Path dir;

    final String tag = UUID.randomUUID().toString();
    final List<TestDaemon> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (TestDaemon d : started) {
            d.close();
        }
        Procs.killAll("TM_TAG", tag);
    }

    /** {@code taskmasterd -n} on {@code [taskmasterd]} with {@code keys} (logfile and tag added, no pidfile). */
    Process start(String keys) throws IOException {
        TestDaemon d = TestDaemon.in(dir)
                .tag("TM_TAG", tag)
                .pidfile(null)
                .jvm(List.of("-Xmx128m"))
                .keys(keys)
                .programs(PROGRAM)
                .start();
        started.add(d);
        return d.process;
    }

    String console() throws IOException {
        return Files.readString(dir.resolve("console.out"));
    }

    int awaitExit(Process p) throws Exception {
        if (!p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("taskmasterd did not exit:\n" + console());
        }
        return p.exitValue();
    }

    void awaitFile(Process p, Path f) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("taskmasterd exited " + p.exitValue() + ":\n" + console());
            }
            return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && Files.size(f) > 0;
        });
    }

    static String mode(Path f) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS));
    }

    Path precious() throws IOException {
        return Files.writeString(dir.resolve("precious.txt"), "keep me\n");
    }

    /** A link planted at the pidfile: refused (writing through it would overwrite its target with our pid). */
    @Test
    void aLinkAtThePidfileIsRefusedAndItsTargetUntouched() throws Exception {
        Path target = precious();
        Files.createSymbolicLink(dir.resolve("tm.pid"), target);
        Process p = start("pidfile = %(here)s/tm.pid\njolokia = off");
        assertThat(awaitExit(p)).isEqualTo(1);
        assertThat(console())
                .contains("pidfile " + dir.resolve("tm.pid") + ": is a symbolic link; refusing to write through it");
        assertThat(Files.readString(target)).isEqualTo("keep me\n");
        assertThat(Procs.withEnv("TM_TAG", tag)).isEmpty();
    }

    /** The same with the pidfile explicitly in a shared sticky folder such as /tmp, where anyone may plant it. */
    @Test
    void aLinkAtAPidfileInASharedFolderIsRefused() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 01777);
        Path run = Files.createDirectory(dir.resolve("run"));
        Path target = precious();
        Files.createSymbolicLink(shared.resolve("tm.pid"), target);
        Process p = start("pidfile = %(here)s/shared/tm.pid\nrundir = %(here)s/run\njolokia = off");
        assertThat(awaitExit(p)).isEqualTo(1);
        assertThat(console()).contains("is a symbolic link; refusing to write through it");
        assertThat(Files.readString(target)).isEqualTo("keep me\n");
    }

    /**
     * A link planted at the url file is replaced, not followed: the url is written to a fresh file in
     * the private folder and renamed over the name, which replaces the link itself. Refusing would
     * gain nothing, since only the folder's owner can plant anything there.
     */
    @Test
    void aLinkAtTheUrlFileIsReplacedAndItsTargetUntouched() throws Exception {
        Path target = precious();
        Path url = dir.resolve("tm.pid.url");
        Files.createSymbolicLink(url, target);
        // The temporary file's name is not guessable: a link at the obvious one is never written through.
        Files.createSymbolicLink(dir.resolve("tm.pid.url.tmp"), target);
        Process p = start("pidfile = %(here)s/tm.pid\njolokia_port = 0");
        awaitFile(p, url);
        assertThat(Files.isSymbolicLink(url)).isFalse();
        assertThat(Files.readString(url)).startsWith("http://127.0.0.1:");
        assertThat(Files.readString(target)).isEqualTo("keep me\n");
        assertThat(mode(url)).isEqualTo("rw-r--r--");
    }

    @Test
    void theFilesKeepTheirModesUnderAUmaskOf000() throws Exception {
        Path run = Files.createDirectory(
                dir.resolve("run"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Process p = start("umask = 000\nrundir = %(here)s/run\njolokia_port = 0\njmx_port = 0");
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("taskmasterd exited " + p.exitValue() + ":\n" + console());
            }
            return Files.exists(dir.resolve("tm.log"))
                    && Files.readString(dir.resolve("tm.log")).contains("jmx: serving");
        });
        try (var files = Files.list(run)) {
            List<Path> all = files.toList();
            Path pid = all.stream()
                    .filter(f -> f.toString().endsWith(".pid"))
                    .findFirst()
                    .orElseThrow();
            Path url = all.stream()
                    .filter(f -> f.toString().endsWith(".url"))
                    .findFirst()
                    .orElseThrow();
            Path secret = all.stream()
                    .filter(f -> f.toString().endsWith(".secret"))
                    .findFirst()
                    .orElseThrow();
            assertThat(Files.readString(pid).strip()).isEqualTo(Long.toString(p.pid()));
            assertThat(mode(pid)).isEqualTo("rw-r--r--");
            assertThat(mode(url)).isEqualTo("rw-r--r--");
            assertThat(mode(secret)).isEqualTo("rw-------");
            // (the state file's writer may be mid-write: only the url's temporary file must be gone)
            assertThat(all)
                    .noneMatch(f -> f.getFileName().toString().endsWith(".tmp")
                            && f.getFileName().toString().contains(".url"));
        }
    }

    @Test
    void aRundirOthersMayWriteToIsRefused() throws Exception {
        Path run = Files.createDirectory(dir.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxrwx"));
        Process p = start("rundir = %(here)s/run\njolokia = off");
        assertThat(awaitExit(p)).isEqualTo(1);
        assertThat(console())
                .contains("run folder " + run + ": must be a directory (not a link) owned by this user"
                        + " that neither its group nor others may write to");
        try (var files = Files.list(run)) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
