package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.DaemonSettings;

class RunFilesTest {

    @TempDir
    Path tmp;

    private static DaemonSettings settings(Path pidfile, Path rundir) {
        return new DaemonSettings(
                null, 0, 0, "INFO", pidfile, Path.of("/tmp"), Map.of(), null, null, false, Map.of(), false, rundir);
    }

    @Test
    void filesSitNextToAPidfileInAPrivateFolder() throws Exception {
        Path run = Files.createDirectory(
                tmp.resolve("run"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        RunFiles f =
                RunFiles.of(settings(run.resolve("tm.pid"), null), tmp.resolve("a.conf"), Map.of(), "/home/x", false);
        assertThat(f.dir()).isEqualTo(run);
        assertThat(f.lock()).isEqualTo(run.resolve("tm.pid"));
        assertThat(f.url()).isEqualTo(run.resolve("tm.pid.url"));
        assertThat(f.secret()).isEqualTo(run.resolve("tm.pid.secret"));
        assertThat(f.state()).isEqualTo(run.resolve("tm.pid.state"));
        assertThat(f.isDefaultDir()).isFalse();
    }

    @Test
    void aPidfileInAWorldWritableFolderKeepsTheOtherFilesInThePrivateDefault() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        RunFiles f = RunFiles.of(
                settings(shared.resolve("tm.pid"), null),
                tmp.resolve("a.conf"),
                Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
                "/home/x",
                false);
        assertThat(f.lock()).isEqualTo(shared.resolve("tm.pid"));
        assertThat(f.dir()).isEqualTo(Path.of("/run/user/1000/taskmasterd"));
        assertThat(f.url()).isEqualTo(Path.of("/run/user/1000/taskmasterd/tm.pid.url"));
        assertThat(f.isDefaultDir()).isTrue();
    }

    @Test
    void withoutAPidfileNamesComeFromTheConfigurationsPath() {
        RunFiles a = RunFiles.of(settings(null, null), Path.of("/etc/a.conf"), Map.of(), "/home/x", false);
        RunFiles b = RunFiles.of(settings(null, null), Path.of("/etc/b.conf"), Map.of(), "/home/x", false);
        assertThat(a.dir()).isEqualTo(Path.of("/home/x/.local/state/taskmasterd"));
        assertThat(a.lock().getFileName().toString()).matches("taskmasterd-[0-9a-f]{16}\\.pid");
        assertThat(a.lock()).isNotEqualTo(b.lock());
        assertThat(RunFiles.of(settings(null, null), Path.of("/etc/a.conf"), Map.of(), "/root", true)
                        .dir())
                .isEqualTo(Path.of("/run/taskmasterd"));
    }

    @Test
    void rundirWins() {
        RunFiles f = RunFiles.of(settings(null, tmp), Path.of("/etc/a.conf"), Map.of(), "/home/x", false);
        assertThat(f.dir()).isEqualTo(tmp);
        assertThat(f.secret().getParent()).isEqualTo(tmp);
    }
}
