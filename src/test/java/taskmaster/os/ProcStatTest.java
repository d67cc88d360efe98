package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** /proc/PID/stat as crash recovery reads it, and pidfd signalling. */
class ProcStatTest {

    @Test
    void parsesFieldsCountedFromTheLastParenthesis() {
        // A command name may hold spaces and parentheses: "a) (b".
        ProcStat p = ProcStat.parse("4242 (a) (b) S 4100 4242 4242 0 -1 4194560 90 0 0 0 0 0 0 0 20 0 1 0 64671"
                + " 2764800 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
        assertThat(p).isEqualTo(new ProcStat(4242, 'S', 4100, 4242, 4242, 64671));
        assertThat(p.ended()).isFalse();
        assertThat(ProcStat.parse("7 (z) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0")
                        .ended())
                .isTrue();
    }

    @Test
    void refusesWhatIsNotAStatLine() {
        assertThatThrownBy(() -> ProcStat.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcStat.parse("12 (x) S 1 2 3")).hasMessageContaining("not a /proc/PID/stat line");
        assertThatThrownBy(() -> ProcStat.parse("x (y) S 1 2 3 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsThisProcessAndTheBootId() throws Exception {
        long self = ProcessHandle.current().pid();
        ProcStat me = ProcStat.of(self).orElseThrow();
        assertThat(me.pid()).isEqualTo((int) self);
        assertThat(me.startTicks()).isPositive();
        assertThat(ProcStat.all()).contains(me);
        assertThat(ProcStat.bootId()).matches("[0-9a-f-]{36}");
        assertThat(ProcStat.of(Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void readsThroughAProcReaderAsThroughFiles() {
        long self = ProcessHandle.current().pid();
        ProcReader reader = new ProcReader();
        byte[] buffer = new byte[512];
        assertThat(ProcStat.of(self, reader, buffer)).isEqualTo(ProcStat.of(self));
        assertThat(ProcStat.of(Integer.MAX_VALUE, reader, buffer)).isEmpty();
        // a buffer too small for the line: read again the other way, not cut short
        assertThat(ProcStat.of(self, reader, new byte[16])).isEqualTo(ProcStat.of(self));
    }

    @Test
    void parsesNegativeGroupsAndTheLastFieldAtTheEndOfTheLine() {
        byte[] line = "9 (k) S 0 -1 -1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 123\n".getBytes();
        assertThat(ProcStat.parse(line, line.length)).isEqualTo(new ProcStat(9, 'S', 0, -1, -1, 123));
        assertThatThrownBy(() -> ProcStat.parse(line, line.length - 5))
                .hasMessageContaining("not a /proc/PID/stat line");
        assertThatThrownBy(() -> ProcStat.parse("9 (k) S 0 1x 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5"))
                .hasMessageContaining("not a /proc/PID/stat line");
    }

    @Test
    void findsAMarkerInTheEnvironmentOnlyAsAWholeEntry() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sleep", "900002");
        pb.environment().put("SUPERVISOR_PROCESS_NAME", "web_00");
        Process p = pb.start();
        try {
            assertThat(ProcStat.environmentHas(p.pid(), "SUPERVISOR_PROCESS_NAME", "web_00"))
                    .isTrue();
            assertThat(ProcStat.environmentHas(p.pid(), "SUPERVISOR_PROCESS_NAME", "web_0"))
                    .isFalse();
            assertThat(ProcStat.environmentHas(p.pid(), "SUPERVISOR_PROCESS_NAME", "web"))
                    .isFalse();
            assertThat(ProcStat.environmentHas(Integer.MAX_VALUE, "A", "b")).isFalse();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aPidfdSignalsItsProcessAndNobodyOnceItEnded() throws Exception {
        Process p = new ProcessBuilder("sleep", "900003").start();
        try (Pidfd fd = Pidfd.open((int) p.pid()).orElseThrow()) {
            assertThat(fd.signal(15)).isTrue();
            assertThat(p.waitFor()).isEqualTo(143);
            // Reaped: the pid may be anyone's now, the descriptor still names the ended process.
            assertThat(fd.signal(15)).isFalse();
        }
        assertThat(Pidfd.open(Integer.MAX_VALUE)).isEmpty();
    }
}
