package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.config.RunFiles;
import taskmaster.os.Posix;

class RunDirTest {

    @TempDir
    Path tmp;

    private static RunFiles files(Path dir, boolean isDefault) {
        return new RunFiles(
                dir,
                dir.resolve("a.pid"),
                dir.resolve("a.url"),
                dir.resolve("a.secret"),
                dir.resolve("a.state"),
                isDefault);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theDefaultFolderAndItsMissingParentsAreMade0700WhateverTheUmask() throws Exception {
        Path dir = tmp.resolve("home/.local/state/taskmasterd");
        int previous = Posix.linux().umask(0);
        try {
            RunDir.prepare(files(dir, true));
        } finally {
            Posix.linux().umask(previous);
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.getParent())).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("home"))).isEqualTo("rwx------");
    }

    @Test
    void aFolderOthersMayWriteToIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("run"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> RunDir.prepare(files(dir, false)))
                .hasMessageContaining("run folder " + dir
                        + ": must be a directory (not a link) owned by this user that neither its group nor"
                        + " others may write to");
    }

    @Test
    void aLinkIsRefused() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThatThrownBy(() -> RunDir.prepare(files(link, false))).hasMessageContaining("(not a link)");
    }

    /** Whoever may write the folder above could rename the run folder away and put their own in its place. */
    @Test
    void aFolderUnderAFolderOthersMayWriteToWithoutTheStickyBitIsRefused() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setAttribute(open, "unix:mode", 0777);
        Path dir = Files.createDirectory(
                open.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertThatThrownBy(() -> RunDir.prepare(files(dir, false)))
                .hasMessageContaining("run folder " + dir + ": the folder " + open
                        + " above it may be written by others (mode 777, no sticky bit)");
        Files.setAttribute(open, "unix:mode", 01777);
        RunDir.prepare(files(dir, false)); // like /tmp: others may not rename what is ours
    }
}
