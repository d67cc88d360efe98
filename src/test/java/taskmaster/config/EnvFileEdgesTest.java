package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code env_file} at the edges of its syntax: a file's last line without a newline, a byte order
 * mark, CRLF, escapes and continuations at the end of the text, and files that are not text.
 */
class EnvFileEdgesTest {

    @TempDir
    Path dir;

    @Test
    void theLastLineNeedsNoNewlineWhateverItEndsWith() throws Exception {
        assertThat(EnvFile.parse("A=1")).containsExactly(Map.entry("A", "1"));
        assertThat(EnvFile.parse("A='q'")).containsExactly(Map.entry("A", "q"));
        assertThat(EnvFile.parse("A=\"q\"  ")).containsExactly(Map.entry("A", "q"));
        // A backslash as the text's last character ends the value, as end of file does.
        assertThat(EnvFile.parse("A=x\\")).containsExactly(Map.entry("A", "x"));
        assertThat(EnvFile.parse("# only a comment")).isEmpty();
        assertThat(EnvFile.parse("   ")).isEmpty();
    }

    @Test
    void aByteOrderMarkCarriageReturnsAndTabsAreNotPartOfTheKeysOrValues() throws Exception {
        assertThat(EnvFile.parse("\uFEFFA=1\r\nexport\tB=2\r\n\tC = 3 \r\n"))
                .containsExactly(Map.entry("A", "1"), Map.entry("B", "2"), Map.entry("C", "3"));
    }

    @Test
    void escapesInDoubleQuotesAndOutside() throws Exception {
        assertThat(EnvFile.parse("A=\"\\` \\$ \\\" \\\\ \\t\"\nB=a\\ b\\#c\n"))
                .containsExactly(Map.entry("A", "` $ \" \\ \\t"), Map.entry("B", "a b#c"));
    }

    @Test
    void aCommentContinuedByABackslashSwallowsItsNextLine() throws Exception {
        assertThat(EnvFile.parse("# one \\\nNOT=read\nA=1\n")).containsExactly(Map.entry("A", "1"));
    }

    @Test
    void whatIsNotAnAssignmentNamesItsLine() {
        assertThatThrownBy(() -> EnvFile.parse("A=1\nB"))
                .isInstanceOf(EnvFile.BadLine.class)
                .hasMessageContaining("'B' is not an assignment");
        assertThatThrownBy(() -> EnvFile.parse("A=1\n\nB 2\nC=3"))
                .isInstanceOf(EnvFile.BadLine.class)
                .hasMessageContaining("'B 2' is not an assignment");
        assertThatThrownBy(() -> EnvFile.parse("A='one' two\n"))
                .isInstanceOf(EnvFile.BadLine.class)
                .hasMessageContaining("text after the closing quote");
        assertThatThrownBy(() -> EnvFile.parse("A=\"open\n"))
                .isInstanceOf(EnvFile.BadLine.class)
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> EnvFile.parse("A='open\n"))
                .isInstanceOf(EnvFile.BadLine.class)
                .hasMessageContaining("not closed");
    }

    @Test
    void aMissingFileIsEmptyAndOneThatIsNotARegularFileNotUtf8OrTooLargeIsRefused() throws Exception {
        assertThat(EnvFile.read(dir.resolve("none"))).isEmpty();
        Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'A', '=', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> EnvFile.read(latin1))
                .isInstanceOf(IOException.class)
                .hasMessage("not UTF-8 text");
        Path big = dir.resolve("big");
        try (var out = Files.newOutputStream(big)) {
            byte[] line = "A=0123456789012345678901234567890123456789012345678901234567890\n".getBytes();
            for (long written = 0; written <= Limits.MAX_FILE_BYTES; written += line.length) {
                out.write(line);
            }
        }
        assertThatThrownBy(() -> EnvFile.read(big))
                .isInstanceOf(IOException.class)
                .hasMessage("larger than " + Limits.MAX_FILE_BYTES + " bytes");
        // A FIFO would block the load until someone writes to it; /dev/stdout on a pipe the same
        // (ConfigFuzzTest found it: env_file = /dev/stdout hung the load of its case 708).
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        assertThatThrownBy(() -> EnvFile.read(fifo))
                .isInstanceOf(IOException.class)
                .hasMessage("not a regular file");
        assertThatThrownBy(() -> EnvFile.read(Path.of("/dev/null")))
                .isInstanceOf(IOException.class)
                .hasMessage("not a regular file");
        assertThatThrownBy(() -> EnvFile.read(dir))
                .isInstanceOf(IOException.class)
                .hasMessage("not a regular file");
        Path ok = Files.writeString(dir.resolve("ok"), "A=é\n");
        assertThat(EnvFile.read(ok)).contains(Map.of("A", "é"));
    }
}
