package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.SpawnException;

/** A spawn that cannot work says why, naming the path, and leaves nothing running. */
class SpawnErrorTest extends LauncherTestBase {
    @TempDir
    Path tmp;

    private List<Long> childrenBefore;

    @BeforeEach
    void countChildren() throws Exception {
        childrenBefore = Proc.childrenOf(ProcessHandle.current().pid());
    }

    @AfterEach
    void nothingLeftRunning() throws Exception {
        assertThat(launcher.running()).isZero();
        assertThat(Proc.childrenOf(ProcessHandle.current().pid())).isEqualTo(childrenBefore);
    }

    @Test
    void missingCommand() {
        assertThatThrownBy(
                        () -> spawn(SpecBuilder.command("no-such-command-xyz").build()))
                .isInstanceOf(SpawnException.class)
                .hasMessage("can't find command 'no-such-command-xyz'");
    }

    @Test
    void missingCommandPath() {
        assertThatThrownBy(() -> spawn(SpecBuilder.command("/no/such/thing").build()))
                .isInstanceOf(SpawnException.class)
                .hasMessage("can't find command '/no/such/thing'");
    }

    @Test
    void commandSearchedInTheChildsPath() throws Exception {
        Path tool = tmp.resolve("mytool");
        Files.writeString(tool, "#!/bin/sh\nexit 7\n");
        tool.toFile().setExecutable(true);

        Started s =
                spawn(SpecBuilder.command("mytool").env("PATH", tmp.toString()).build());
        assertThat(s.awaitExit().code()).isEqualTo(7);
    }

    @Test
    void nonExecutableFile() throws Exception {
        Path file = tmp.resolve("data.txt");
        Files.writeString(file, "hello\n");

        assertThatThrownBy(() -> spawn(SpecBuilder.command(file.toString()).build()))
                .isInstanceOf(SpawnException.class)
                .hasMessage("command '" + file + "' is not executable");
    }

    @Test
    void directoryIsNotExecutable() {
        assertThatThrownBy(() -> spawn(SpecBuilder.command(tmp.toString()).build()))
                .isInstanceOf(SpawnException.class)
                .hasMessage("command '" + tmp + "' is not executable");
    }

    @Test
    void missingWorkingDirectory() {
        assertThatThrownBy(() -> spawn(SpecBuilder.command("sleep", "1000")
                        .workingDir(Path.of("/nonexistent"))
                        .build()))
                .isInstanceOf(SpawnException.class)
                .hasMessage("couldn't chdir to /nonexistent: ENOENT (No such file or directory)");
    }

    // A log file that cannot be opened is no spawn error any more: the daemon opens it, reports it
    // in the event log and the program runs (OutputCaptureTest.anUnwritableLogDoesNotStopTheProgramAndRecovers).

    @Test
    void scriptWithoutInterpreterLine() throws Exception {
        Path script = tmp.resolve("noshebang");
        Files.write(script, new byte[] {0x7f, 'X', 'Y', 'Z', 0, 0, 0, 0});
        script.toFile().setExecutable(true);

        assertThatThrownBy(() -> spawn(SpecBuilder.command(script.toString()).build()))
                .isInstanceOf(SpawnException.class)
                .hasMessage("couldn't exec " + script + ": ENOEXEC (Exec format error)");
    }
}
