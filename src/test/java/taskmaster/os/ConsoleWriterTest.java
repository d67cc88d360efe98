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

    @Test
    void linesOfferedWhileTheWriterLingersAreAllWrittenInOrder() throws Exception {
        Posix posix = Posix.linux();
        int[] pipe = posix.pipe();
        try {
            ConsoleWriter w = ConsoleWriter.forTest(posix, pipe[1], 64 * 1024);
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 2000; i++) { // some find the writer lingering after a write, some parked
                byte[] line = ("line " + i + "\n").getBytes();
                expected.append("line ").append(i).append('\n');
                w.offer(line, 0, line.length);
                if (i % 100 == 0) {
                    assertThat(w.awaitDrained(10_000)).isTrue(); // each quiet spell: written, not left waiting
                }
            }
            assertThat(w.awaitDrained(10_000)).isTrue();
            assertThat(w.dropped()).isZero();
            assertThat(readAll(posix, pipe[0])).isEqualTo(expected.toString());
        } finally {
            posix.close(pipe[0]);
            posix.close(pipe[1]);
        }
    }

    private static String readAll(Posix posix, int fd) throws Exception {
        posix.setNonBlocking(fd);
        MemorySegment sink = Arena.ofAuto().allocate(1 << 20);
        StringBuilder out = new StringBuilder();
        for (long n; (n = posix.read(fd, sink, sink.byteSize())) > 0; ) {
            out.append(new String(sink.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        }
        return out.toString();
    }
}
