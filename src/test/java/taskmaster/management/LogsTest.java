package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.LogData;

/** LogData on UTF-8 boundaries: a chunk never ends inside a character, a tail never starts inside one. */
class LogsTest {

    static final byte[] TEXT = "a€b😀".getBytes(StandardCharsets.UTF_8); // 1 + 3 + 1 + 4 bytes

    @Test
    void aChunkStopsBeforeACutCharacterAndTheNextReadGetsIt() {
        for (int cut = 2; cut <= 3; cut++) { // inside €
            LogData d = Logs.data(Arrays.copyOf(TEXT, cut), 0, TEXT.length, 0, false);
            assertThat(d.text()).isEqualTo("a");
            assertThat(d.nextOffset()).isEqualTo(1);
        }
        for (int cut = 6; cut <= 8; cut++) { // inside 😀
            assertThat(Logs.data(Arrays.copyOf(TEXT, cut), 0, TEXT.length, 0, false)
                            .nextOffset())
                    .isEqualTo(5);
        }
        LogData whole = Logs.data(TEXT, 10, 19, 0, false);
        assertThat(whole.text()).isEqualTo("a€b😀");
        assertThat(whole.nextOffset()).isEqualTo(19);
    }

    @Test
    void aTailSkipsLeadingContinuationBytes() {
        LogData d = Logs.data(Arrays.copyOfRange(TEXT, 2, TEXT.length), 2, TEXT.length, 0, true);
        assertThat(d.text()).isEqualTo("b😀");
        assertThat(d.offset()).isEqualTo(4);
    }

    @Test
    void aLoneIncompleteSequenceIsReplacedRatherThanLeftForever() {
        LogData d = Logs.data(new byte[] {(byte) 0xE2, (byte) 0x82}, 7, 9, 0, false);
        assertThat(d.nextOffset()).isEqualTo(9);
        assertThat(d.text()).isEqualTo("\uFFFD");
    }
}
