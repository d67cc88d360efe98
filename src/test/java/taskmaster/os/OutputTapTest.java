package taskmaster.os;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Output;
import taskmaster.output.LogStream;

/**
 * The output tap with real programs: every byte of a tapped stream reaches the tap, in order, on
 * the output thread, while it still goes to its log file; an untapped stream never does.
 */
class OutputTapTest extends LauncherTestBase {
    @TempDir
    Path tmp;

    private record Chunk(String process, LogStream stream, byte[] bytes) {}

    private final List<Chunk> chunks = new CopyOnWriteArrayList<>();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void tap() {
        launcher.output().tap((process, stream, bytes) -> {
            threads.add(Thread.currentThread().getName());
            chunks.add(new Chunk(process, stream, bytes));
        });
    }

    private String tapped(String process, LogStream stream) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Chunk c : chunks) {
            if (c.process.equals(process) && c.stream == stream) {
                all.writeBytes(c.bytes);
            }
        }
        return all.toString(UTF_8);
    }

    @Test
    void aTappedStreamReachesTheTapInOrderAndItsLogFileAllTheSame() throws Exception {
        Path out = tmp.resolve("out.log");
        Path err = tmp.resolve("err.log");
        // Enough to take many reads (and a grown pipe): order is checked across chunks.
        spawn(SpecBuilder.shell("seq 1 200000; echo oops >&2")
                        .name("lst")
                        .stdout(new Output.ToFile(out, 0, 0))
                        .stderr(new Output.ToFile(err, 0, 0))
                        .tapStdout()
                        .build())
                .awaitExit();
        // The exit is reported once the pipes are drained, and the tap is called as they are read.
        String expected = numbers(1, 200000);
        assertThat(tapped("lst", LogStream.STDOUT)).isEqualTo(expected);
        assertThat(read(out)).isEqualTo(expected);
        assertThat(tapped("lst", LogStream.STDERR)).as("stderr is not tapped").isEmpty();
        assertThat(read(err)).isEqualTo("oops\n");
        assertThat(chunks.size()).isGreaterThan(1);
        assertThat(threads).containsExactly(OutputCapture.THREAD_NAME);
    }

    @Test
    void anUntappedProgramNeverReachesTheTap() throws Exception {
        Path out = tmp.resolve("plain.log");
        spawn(SpecBuilder.shell("seq 1 1000; seq 1 10 >&2")
                        .name("plain")
                        .stdout(new Output.ToFile(out))
                        .stderr(Output.DAEMON_STDERR)
                        .build())
                .awaitExit();
        assertThat(read(out)).isEqualTo(numbers(1, 1000));
        assertThat(chunks).isEmpty();
    }

    @Test
    void aDiscardedStreamThatIsTappedIsReadThroughAPipe() throws Exception {
        spawn(SpecBuilder.shell("echo to-listeners; echo to-stderr >&2")
                        .name("quiet")
                        .stdout(Output.DISCARD)
                        .stderr(Output.DISCARD)
                        .tapStdout()
                        .tapStderr()
                        .build())
                .awaitExit();
        assertThat(tapped("quiet", LogStream.STDOUT)).isEqualTo("to-listeners\n");
        assertThat(tapped("quiet", LogStream.STDERR)).isEqualTo("to-stderr\n");
    }

    @Test
    void stderrMergedIntoStdoutIsTappedAsStdout() throws Exception {
        Path out = tmp.resolve("both.log");
        spawn(SpecBuilder.shell("echo one; echo two >&2; echo three")
                        .name("both")
                        .stdout(new Output.ToFile(out))
                        .redirectStderr()
                        .tapStdout()
                        .tapStderr()
                        .build())
                .awaitExit();
        assertThat(tapped("both", LogStream.STDOUT)).isEqualTo("one\ntwo\nthree\n");
        assertThat(tapped("both", LogStream.STDERR)).isEmpty();
        assertThat(read(out)).isEqualTo("one\ntwo\nthree\n");
    }

    /** A reload that taps a captured stream applies in place: the running process's next output is tapped. */
    @Test
    void tappingARunningProcessAppliesToItsNextOutput() throws Exception {
        Path out = tmp.resolve("live.log");
        SpecBuilder b = SpecBuilder.shell("echo before; read x; echo after; exec sleep 1000")
                .name("live")
                .stdout(new Output.ToFile(out))
                .stdinPipe();
        launcher.configured(b.build());
        spawn(b.build());
        await().atMost(BOUND).until(() -> read(out).equals("before\n"));
        launcher.configured(b.tapStdout().build());
        // Queued behind the reconfiguration on the output thread, so "after" comes once it applies.
        assertThat(launcher.output().writeStdin("live", "go\n".getBytes(UTF_8))).isEqualTo(3);
        await().atMost(BOUND).until(() -> tapped("live", LogStream.STDOUT).equals("after\n"));
        assertThat(read(out)).isEqualTo("before\nafter\n");
    }
}
