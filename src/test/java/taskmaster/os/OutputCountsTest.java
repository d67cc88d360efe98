package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Output;
import taskmaster.output.OutputCounts;

/** The bytes captured per stream, counted where they are read from the pipes, across runs of a name. */
class OutputCountsTest extends LauncherTestBase {
    @TempDir
    Path tmp;

    @Test
    void countsWhatEachStreamPrintedAndKeepsCountingOverRuns() throws Exception {
        var spec = SpecBuilder.shell("head -c 3000 /dev/zero; head -c 700 /dev/zero >&2")
                .name("counted")
                .stdout(new Output.ToFile(tmp.resolve("out.log")))
                .stderr(new Output.ToFile(tmp.resolve("err.log")))
                .build();
        spawn(spec).awaitExit();
        // The exit is reported once the pipes are drained: every byte is counted by then.
        assertThat(launcher.output().counts("counted")).isEqualTo(new OutputCounts(3000, 700));
        spawn(spec).awaitExit();
        assertThat(launcher.output().counts("counted")).isEqualTo(new OutputCounts(6000, 1400));
    }

    @Test
    void stderrMergedIntoStdoutCountsAsStdoutAndAnUnknownNameCountsNothing() throws Exception {
        spawn(SpecBuilder.shell("printf 12345; printf 678 >&2")
                        .name("merged")
                        .stdout(new Output.ToFile(tmp.resolve("both.log")))
                        .redirectStderr()
                        .build())
                .awaitExit();
        assertThat(launcher.output().counts("merged")).isEqualTo(new OutputCounts(8, 0));
        assertThat(launcher.output().counts("nobody")).isEqualTo(OutputCounts.NONE);
    }
}
