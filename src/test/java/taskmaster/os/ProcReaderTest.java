package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading /proc files with open, read and close alone. */
class ProcReaderTest {
    private static final byte[] STATUS = "status".getBytes(StandardCharsets.US_ASCII);

    @Test
    void readsAFileWholeAndSaysWhenItMayBeLonger() throws Exception {
        long self = ProcessHandle.current().pid();
        ProcReader r = new ProcReader();
        byte[] into = new byte[64 * 1024];
        int n = r.read(self, STATUS, into);
        String expected = Files.readString(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1);
        // The same lines as the JDK reads (figures such as VmRSS may move in between).
        assertThat(new String(into, 0, n, StandardCharsets.ISO_8859_1))
                .startsWith(expected.substring(0, expected.indexOf('\n')))
                .contains("\nPid:\t" + self + "\n");
        byte[] small = new byte[16];
        assertThat(r.read(self, STATUS, small)).isEqualTo(16);
        assertThat(new String(small, StandardCharsets.ISO_8859_1)).isEqualTo(expected.substring(0, 16));
    }

    @Test
    void aProcessThatIsGoneOrAFileThatIsNotThereReadsMinusOne() {
        ProcReader r = new ProcReader();
        assertThat(r.read(Integer.MAX_VALUE, STATUS, new byte[100])).isEqualTo(-1);
        assertThat(r.read(ProcessHandle.current().pid(), "no-such-file".getBytes(), new byte[100]))
                .isEqualTo(-1);
    }

    @Test
    void theSizeOfTheFdFolderIsTheCountOfOpenDescriptorsOnLinux62AndLater() throws Exception {
        long self = ProcessHandle.current().pid();
        ProcReader r = new ProcReader();
        long size = r.fdSize(self);
        String[] listed = new java.io.File("/proc/self/fd").list();
        // 0 before Linux 6.2; else the count (the listing has one more, its own descriptor)
        assertThat(size)
                .satisfiesAnyOf(
                        s -> assertThat(s).isZero(),
                        s -> assertThat(s).isBetween(listed.length - 5L, listed.length + 5L));
        assertThat(r.fdSize(Integer.MAX_VALUE)).isEqualTo(-1);
    }
}
