package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The daemon's console never blocks whoever writes to it: a bounded buffer, drops counted. */
class ConsoleWriterTest {

    @Test
    void aConsoleNobodyReadsNeverBlocksAndCountsWhatItDrops() throws Exception {
        Posix posix = Posix.linux();
        int[] pipe = posix.pipe(); // the console: nobody reads it until the end
        try {
            ConsoleWriter w = ConsoleWriter.forTest(posix, pipe[1], 64 * 1024);
            MemorySegment chunk = Arena.ofAuto().allocate(8192);
            chunk.fill((byte) 'x');
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) { // 1.6 MB into a 64 KiB pipe and a 64 KiB buffer
                w.offer(chunk, 0, chunk.byteSize());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(w.dropped()).isGreaterThan(1_000_000).isEqualTo(w.dropped() / 8192 * 8192);

            // The reader comes back: everything buffered is written and the count starts over.
            MemorySegment sink = Arena.ofAuto().allocate(1 << 20);
            posix.setNonBlocking(pipe[0]);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                while (posix.read(pipe[0], sink, sink.byteSize()) > 0) {
                    // drain
                }
                return w.dropped() == 0 && w.awaitDrained(10);
            });
        } finally {
            posix.close(pipe[0]);
        }
    }
}
