package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.mbeans.Fault;
import taskmaster.model.Output;
import taskmaster.output.LogChunk;
import taskmaster.output.LogStream;
import taskmaster.output.OutputException;

/** Output capture with real programs: pipes, files, rotation, timestamps, exit ordering, reading. */
class OutputCaptureTest extends LauncherTestBase {
    @TempDir
    Path tmp;

    @Test
    void theLastBytesAreInTheFileWhenTheExitIsReported() throws Exception {
        Path out = tmp.resolve("mb.log");
        Started s = spawn(SpecBuilder.shell("yes 0123456789abcdef | head -c 1048576")
                .stdout(new Output.ToFile(out, 0, 0))
                .build());
        s.awaitExit();
        // No wait after the exit: the capture drained the pipe before reporting it.
        assertThat(Files.size(out)).isEqualTo(1048576);
        assertThat(launcher.output().openPipes()).isZero();
    }

    @Test
    void rotatesAtTheLimitKeepingTheBackupsAndEveryByte() throws Exception {
        Path out = tmp.resolve("r.log");
        // 38,500 bytes of 11-byte lines numbered so that order can be checked
        Started s = spawn(SpecBuilder.shell("seq 100000 103499 | sed 's/^/line/'")
                .stdout(new Output.ToFile(out, 10_000, 3))
                .build());
        s.awaitExit();
        assertThat(size(FileSink.backup(out, 3))).isEqualTo(10_000);
        assertThat(size(FileSink.backup(out, 2))).isEqualTo(10_000);
        assertThat(size(FileSink.backup(out, 1))).isEqualTo(10_000);
        assertThat(size(out)).isEqualTo(8_500);
        StringBuilder expected = new StringBuilder();
        for (int i = 100000; i <= 103499; i++) {
            expected.append("line").append(i).append('\n');
        }
        assertThat(all(out)).isEqualTo(expected.toString());

        // 22,000 more: the oldest backups fall off, never a fourth one, and the rest is intact
        s = spawn(SpecBuilder.shell("seq 200000 201999 | sed 's/^/line/'")
                .stdout(new Output.ToFile(out, 10_000, 3))
                .build());
        s.awaitExit();
        for (int i = 200000; i <= 201999; i++) {
            expected.append("line").append(i).append('\n');
        }
        assertThat(FileSink.backup(out, 4)).doesNotExist();
        assertThat(size(out)).isEqualTo(500);
        assertThat(all(out)).isEqualTo(expected.substring(expected.length() - 30_500));
    }

    private static String all(Path out) {
        return read(FileSink.backup(out, 3))
                + read(FileSink.backup(out, 2))
                + read(FileSink.backup(out, 1))
                + read(out);
    }

    @Test
    void backupsZeroTruncatesInsteadOfRenaming() throws Exception {
        Path out = tmp.resolve("t.log");
        spawn(SpecBuilder.shell("seq 100000 100999")
                        .stdout(new Output.ToFile(out, 1000, 0))
                        .build())
                .awaitExit();
        assertThat(FileSink.backup(out, 1)).doesNotExist();
        assertThat(size(out)).isEqualTo(7000 % 1000);
    }

    @Test
    void timestampsPrefixEveryLineAndAPartialLineIsWrittenAtOnce() throws Exception {
        Path out = tmp.resolve("ts.log");
        spawn(SpecBuilder.shell("printf 'one\\ntwo\\n'; printf 'partial'; exec sleep 1000")
                .stdout(new Output.ToFile(out))
                .timestamps()
                .build());
        String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d ";
        Pattern whole = Pattern.compile(stamp + "one\n" + stamp + "two\n" + stamp + "partial");
        // The program is still running and wrote no newline after "partial": it is there anyway.
        await().atMost(BOUND).until(() -> whole.matcher(read(out)).matches());
    }

    @Test
    void redirectStderrKeepsTheOrderOfBothStreams() throws Exception {
        Path out = tmp.resolve("both.log");
        spawn(SpecBuilder.shell("i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo out$i; echo err$i >&2; done")
                        .stdout(new Output.ToFile(out))
                        .redirectStderr()
                        .build())
                .awaitExit();
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 300; i++) {
            expected.append("out")
                    .append(i)
                    .append('\n')
                    .append("err")
                    .append(i)
                    .append('\n');
        }
        assertThat(read(out)).isEqualTo(expected.toString());
    }

    @Test
    void separateStreamsGoToTheirOwnFiles() throws Exception {
        Path out = tmp.resolve("o.log");
        Path err = tmp.resolve("e.log");
        spawn(SpecBuilder.shell("echo to-out; echo to-err >&2")
                        .stdout(new Output.ToFile(out))
                        .stderr(new Output.ToFile(err))
                        .build())
                .awaitExit();
        assertThat(read(out)).isEqualTo("to-out\n");
        assertThat(read(err)).isEqualTo("to-err\n");
    }

    @Test
    void reopenAfterTheFileWasMovedAway() throws Exception {
        Path out = tmp.resolve("moved.log");
        Path away = tmp.resolve("moved.log.old");
        spawn(SpecBuilder.shell("while :; do echo tick; sleep 0.02; done")
                .name("ticker")
                .stdout(new Output.ToFile(out))
                .build());
        await().atMost(BOUND).until(() -> read(out).contains("tick"));
        Files.move(out, away);
        launcher.output().reopenAll();
        await().atMost(BOUND).until(() -> read(out).contains("tick"));
        long before = size(away);
        await().atMost(BOUND).until(() -> size(out) > 5 * 5);
        assertThat(size(away)).isEqualTo(before); // nothing more into the moved file
    }

    @Test
    void tailAndReadWithOffsetsAcrossARotation() throws Exception {
        Path out = tmp.resolve("read.log");
        Started s = spawn(SpecBuilder.shell("printf 'abcdefghij'; exec sleep 1000")
                .name("reader")
                .stdout(new Output.ToFile(out))
                .build());
        await().atMost(BOUND).until(() -> size(out) == 10);
        var output = launcher.output();
        LogChunk tail = output.tail("reader", LogStream.STDOUT, 4);
        assertThat(new String(tail.bytes(), StandardCharsets.US_ASCII)).isEqualTo("ghij");
        assertThat(tail.offset()).isEqualTo(6);
        assertThat(tail.nextOffset()).isEqualTo(10);
        LogChunk chunk = output.read("reader", LogStream.STDOUT, 2, 3);
        assertThat(new String(chunk.bytes(), StandardCharsets.US_ASCII)).isEqualTo("cde");
        assertThat(chunk.nextOffset()).isEqualTo(5);
        assertThat(output.read("reader", LogStream.STDOUT, 10, 100).bytes()).isEmpty();
        assertThat(output.tail("reader", LogStream.STDOUT, 100).offset()).isZero();

        output.rotate("reader");
        assertThat(read(FileSink.backup(out, 1))).isEqualTo("abcdefghij");
        assertThat(size(out)).isZero();
        // A follower at offset 10 of the old file is beyond the new one: it restarts at 0.
        LogChunk after = output.read("reader", LogStream.STDOUT, 10, 100);
        assertThat(after.offset()).isZero();
        assertThat(after.restarted(10)).isTrue();

        assertThatThrownBy(() -> output.read("reader", LogStream.STDERR, 0, 10))
                .isInstanceOfSatisfying(
                        OutputException.class, e -> assertThat(e.fault()).isEqualTo(Fault.FAILED));
        assertThatThrownBy(() -> output.tail("nobody", LogStream.STDOUT, 10))
                .isInstanceOfSatisfying(
                        OutputException.class, e -> assertThat(e.fault()).isEqualTo(Fault.BAD_NAME));

        output.clear("reader");
        assertThat(FileSink.backup(out, 1)).doesNotExist();
        assertThat(s.exit()).isNotDone();
    }

    @Test
    void anUnwritableLogDoesNotStopTheProgramAndRecovers() throws Exception {
        Path dir = tmp.resolve("later");
        Path out = dir.resolve("x.log");
        Started s = spawn(SpecBuilder.shell("while :; do echo alive; sleep 0.02; done")
                .stdout(new Output.ToFile(out))
                .build());
        // The directory does not exist: output is dropped, the program runs on.
        await().during(java.time.Duration.ofMillis(300))
                .atMost(BOUND)
                .until(() -> !s.exit().isDone());
        Files.createDirectory(dir);
        // Retried (at most once a second): writing resumes once the file can be opened.
        await().atMost(BOUND).until(() -> read(out).contains("alive\n"));
        assertThat(s.exit()).isNotDone();
    }

    @Test
    void stdinPipeReachesTheProgram() throws Exception {
        Path out = tmp.resolve("cat.log");
        spawn(SpecBuilder.command("cat")
                .name("cat")
                .stdinPipe()
                .stdout(new Output.ToFile(out))
                .build());
        int n = launcher.output().writeStdin("cat", "hello\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(n).isEqualTo(6);
        await().atMost(BOUND).until(() -> read(out).equals("hello\n"));
        assertThatThrownBy(() -> launcher.output().writeStdin("nobody", new byte[1]))
                .isInstanceOf(OutputException.class);
    }

    @Test
    void aChangeOfMaxBytesAppliesToTheRunningProcess() throws Exception {
        Path out = tmp.resolve("live.log");
        var spec = SpecBuilder.shell("printf 0123456789; read x; printf 0123456789; exec sleep 1000")
                .name("live")
                .stdinPipe()
                .stdout(new Output.ToFile(out, 0, 0))
                .build();
        spawn(spec);
        await().atMost(BOUND).until(() -> size(out) == 10);
        launcher.configured(SpecBuilder.shell("printf 0123456789; read x; printf 0123456789; exec sleep 1000")
                .name("live")
                .stdinPipe()
                .stdout(new Output.ToFile(out, 15, 1))
                .build());
        launcher.output().writeStdin("live", "\n".getBytes(StandardCharsets.US_ASCII));
        await().atMost(BOUND).until(() -> size(FileSink.backup(out, 1)) == 15 && size(out) == 5);
    }

    @Test
    void aThousandQuietProcessesUseNoCpuOnTheOutputThread() throws Exception {
        // Not a timed assertion: a measurement, printed; the assertion is only that nothing spins.
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long io = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(OutputCapture.THREAD_NAME) && t.getThreadGroup() != null)
                .mapToLong(Thread::threadId)
                .max()
                .orElseThrow();
        int n = 200;
        for (int i = 0; i < n; i++) {
            spawn(SpecBuilder.command("sleep", "100000")
                    .name("quiet" + i)
                    .stdout(new Output.ToFile(tmp.resolve("q" + i + ".log")))
                    .build());
        }
        await().atMost(BOUND).until(() -> launcher.output().openPipes() == n);
        long before = threads.getThreadCpuTime(io);
        long wallBefore = System.nanoTime();
        // a window in which all stay up; checked through the reaper only, so the output thread sleeps
        await().during(java.time.Duration.ofMillis(500)).atMost(BOUND).until(() -> launcher.running() == n);
        long cpu = threads.getThreadCpuTime(io) - before;
        System.out.printf(
                "%d quiet captured processes: output thread CPU %.3f ms over %.0f ms%n",
                n, cpu / 1e6, (System.nanoTime() - wallBefore) / 1e6);
        assertThat(cpu).isLessThan(50_000_000L);
    }

    @Test
    void aFailedRotationKeepsEveryByteAndIsRetried() throws Exception {
        Path out = tmp.resolve("blocked.log");
        // Both backup names are taken by folders that are not empty: no rename can succeed.
        for (int i = 1; i <= 2; i++) {
            Files.createDirectories(FileSink.backup(out, i).resolve("keep"));
        }
        spawn(SpecBuilder.shell("seq 100000 100199; read x; while :; do echo 1234567; sleep 0.05; done")
                .name("blocked")
                .stdinPipe()
                .stdout(new Output.ToFile(out, 100, 2))
                .build());
        StringBuilder expected = new StringBuilder();
        for (int i = 100000; i <= 100199; i++) {
            expected.append(i).append('\n');
        }
        // All 200 lines, in order, in the live file: it grew past maxbytes instead of being truncated.
        await().atMost(BOUND).until(() -> read(out).equals(expected.toString()));

        // Once the names are free, the same sink retries (at most once a second) and succeeds.
        for (int i = 1; i <= 2; i++) {
            Files.delete(FileSink.backup(out, i).resolve("keep"));
            Files.delete(FileSink.backup(out, i));
        }
        launcher.output().writeStdin("blocked", "\n".getBytes(StandardCharsets.US_ASCII));
        await().atMost(BOUND).until(() -> read(FileSink.backup(out, 2)).startsWith(expected.toString()));
        await().atMost(BOUND).until(() -> size(FileSink.backup(out, 1)) == 100);
    }
}
