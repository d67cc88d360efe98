package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.engine.EngineEvent;
import taskmaster.engine.ExitStatus;
import taskmaster.os.Posix;
import taskmaster.os.ProcStat;

/** The state file's format, its parsing (anything not exactly a daemon's output is refused) and its writing. */
class StateFileTest {

    private static final String BOOT = "9e584b39-478a-4d6c-93cd-026b3152dedd";

    @TempDir
    Path dir;

    private static StateFile.State sample() {
        return new StateFile.State(
                BOOT,
                4100,
                64100,
                List.of(
                        new StateFile.Child("web_00", 4242, 4242, 64671),
                        new StateFile.Child("odd name \\ with\nnewline", 4250, 4242, 64700)));
    }

    /** The writer's incremental text (a header, then each child's cached line) is exactly {@link StateFile#format}'s. */
    @Test
    void headerAndLinesMakeWhatFormatMakes() {
        StateFile.State s = sample();
        StringBuilder sb = new StringBuilder(StateFile.header(s.bootId(), s.daemonPid(), s.daemonStartTicks()));
        s.children().forEach(c -> sb.append(StateFile.line(c)));
        assertThat(sb.toString()).isEqualTo(StateFile.format(s));
    }

    @Test
    void formatIsLineBasedAndParsesBackToTheSameState() throws Exception {
        String text = StateFile.format(sample());
        assertThat(text).isEqualTo("""
            taskmaster-state 1
            boot 9e584b39-478a-4d6c-93cd-026b3152dedd
            daemon 4100 64100
            child 4242 4242 64671 web_00
            child 4250 4242 64700 odd name \\\\ with\\nnewline
            """);
        assertThat(StateFile.parse(text)).isEqualTo(sample());
    }

    @Test
    void aFileWithNoChildrenIsValid() throws Exception {
        StateFile.State empty = new StateFile.State(BOOT, 4100, 1, List.of());
        assertThat(StateFile.parse(StateFile.format(empty))).isEqualTo(empty);
    }

    @Test
    void anythingButExactlyAStateFileIsCorrupt() {
        String head = "taskmaster-state 1\nboot " + BOOT + "\ndaemon 4100 64100\n";
        assertCorrupt("", "empty");
        assertCorrupt(head.substring(0, head.length() - 1), "truncated");
        assertCorrupt("taskmaster-state 2\nboot " + BOOT + "\ndaemon 1 1\n", "line 1");
        assertCorrupt("taskmaster-state 1\ndaemon 4100 64100\n", "no boot line");
        assertCorrupt("taskmaster-state 1\nboot " + BOOT + "\n", "no daemon line");
        assertCorrupt(head + "boot " + BOOT + "\n", "line 4: a second boot line");
        assertCorrupt(head + "daemon 5 5\n", "line 4: a second daemon line");
        assertCorrupt("taskmaster-state 1\nboot ../../etc\ndaemon 4100 64100\n", "line 2: bad boot id");
        assertCorrupt(head + "child 4242 4242 64671\n", "line 4: expected 'child PID PGID STARTTICKS NAME'");
        assertCorrupt(head + "child 4242 4242 64671 \n", "line 4: expected");
        assertCorrupt(head + "child 1 1 0 init\n", "line 4: pid 1 out of range");
        assertCorrupt(head + "child 0 0 0 all\n", "line 4: pid 0 out of range");
        assertCorrupt(head + "child -5 5 0 neg\n", "line 4: '-5' is not a number");
        assertCorrupt(head + "child 4242 4242 1e3 x\n", "line 4: '1e3' is not a number");
        assertCorrupt(head + "child 4242 4242 9999999999999999999 x\n", "out of range");
        assertCorrupt(head + "child 4294967298 2 0 wraps\n", "out of range");
        assertCorrupt(head + "child 4242 4242 0 bad\\q\n", "line 4: bad escape");
        assertCorrupt(head + "child 4242 4242 0 bad\\\n", "lone backslash");
        assertCorrupt(head + "pid 4242\n", "line 4: unknown record");
        assertCorrupt(head + "\n", "line 4: unknown record");
        assertCorrupt("daemon 4100 64100\n", "line 1");
    }

    private static void assertCorrupt(String text, String reason) {
        assertThatThrownBy(() -> StateFile.parse(text))
                .isInstanceOf(StateFile.CorruptException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void writtenWholeMode0600WhateverTheUmaskAndReadBack() throws Exception {
        Path file = dir.resolve("d.state");
        int old = Posix.linux().umask(0);
        try {
            StateFile.write(file, sample());
        } finally {
            Posix.linux().umask(old);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(StateFile.read(file)).contains(sample());
        assertThat(dir.resolve("d.state.tmp")).doesNotExist();
    }

    @Test
    void neverWritesThroughALink() throws Exception {
        Path target = dir.resolve("victim");
        Files.writeString(target, "precious");
        Path file = dir.resolve("d.state");
        Files.createSymbolicLink(file, target);
        Files.createSymbolicLink(dir.resolve("d.state.tmp"), target);
        StateFile.write(file, sample());
        assertThat(Files.readString(target)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(file)).isFalse();
        assertThat(StateFile.read(file)).contains(sample());
    }

    @Test
    void readRefusesWhatThisUserAloneCouldNotHaveWritten() throws Exception {
        assertThat(StateFile.read(dir.resolve("missing"))).isEmpty();

        Path real = dir.resolve("real");
        StateFile.write(real, sample());
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, real);
        assertThatThrownBy(() -> StateFile.read(link))
                .isInstanceOf(StateFile.CorruptException.class)
                .hasMessageContaining("not a regular file");

        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw--w----"));
        assertThatThrownBy(() -> StateFile.read(real)).hasMessageContaining("others may write to it");

        Path binary = dir.resolve("binary");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> StateFile.read(binary)).hasMessageContaining("not UTF-8");

        Path huge = dir.resolve("huge");
        Files.write(huge, new byte[(int) StateFile.MAX_BYTES + 1]);
        Files.setPosixFilePermissions(huge, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> StateFile.read(huge)).hasMessageContaining("too big");
    }

    @Test
    void theWriterRecordsLiveChildrenWithTheirStartTimeAndForgetsEndedOnes() throws Exception {
        Path file = dir.resolve("w.state");
        long self = ProcessHandle.current().pid();
        Process child = new ProcessBuilder("sleep", "900001").start();
        try {
            ProcStat st = ProcStat.of(child.pid()).orElseThrow();
            StateWriter w = StateWriter.start(file, self).orElseThrow();
            w.onEvent(new EngineEvent.Spawned("sleeper", child.pid()));
            // Not a child of this process: recording it would have the next daemon stop a stranger.
            w.onEvent(new EngineEvent.Spawned("stranger", 1));
            StateFile.Child expected = new StateFile.Child("sleeper", child.pid(), st.pgrp(), st.startTicks());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> StateFile.read(file)
                            .map(StateFile.State::children)
                            .orElse(List.of())
                            .equals(List.of(expected)));
            StateFile.State state = StateFile.read(file).orElseThrow();
            assertThat(state.bootId()).isEqualTo(ProcStat.bootId());
            assertThat(state.daemonPid()).isEqualTo(self);
            assertThat(state.daemonStartTicks())
                    .isEqualTo(ProcStat.of(self).orElseThrow().startTicks());

            // An exit of another pid under the same name (an old child's late report) changes nothing.
            w.onEvent(new EngineEvent.Exited("sleeper", child.pid() + 1, ExitStatus.exited(0), true, null));
            w.onEvent(new EngineEvent.Exited("stranger", 1, ExitStatus.exited(0), true, null));
            child.destroyForcibly().waitFor();
            w.onEvent(new EngineEvent.Exited("sleeper", child.pid(), ExitStatus.exited(0), true, null));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> StateFile.read(file).orElseThrow().children().isEmpty());
            w.close();
            assertThat(file).doesNotExist();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aBurstOfEventsCostsTheLoopLittle() throws Exception {
        Path file = dir.resolve("burst.state");
        StateWriter w = StateWriter.start(file, ProcessHandle.current().pid()).orElseThrow();
        long t0 = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            w.onEvent(new EngineEvent.Spawned("p" + i, 4_000_000 + i));
            w.onEvent(new EngineEvent.Stopped("p" + i, 4_000_000 + i, ExitStatus.exited(0)));
        }
        long perEventNs = (System.nanoTime() - t0) / 20_000;
        // A map update and at most one unpark: no file write, no /proc read on the caller's thread.
        assertThat(perEventNs).isLessThan(50_000);
        w.close();
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("burst.state.tmp")).doesNotExist();
    }
}
