package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Output;
import taskmaster.output.LogStream;

/**
 * With an event system tapping some streams, a chunk of an untapped stream still costs the output
 * thread no allocation of ours (read, write to its log file); only a tapped chunk is copied.
 * Driven as the output thread drives it ({@link OutputLoop#ready}), on this thread.
 */
class TapAllocationTest {
    private static final int CHUNKS = 10_000;
    /** Bigger than the bound: a copy of an untapped chunk would show. */
    private static final int CHUNK = 1024;
    /** The downcalls' own allocation before the JIT compiled them (see HotPathAllocationTest), with room. */
    private static final long BYTES_PER_CHUNK = 160;

    @TempDir
    Path tmp;

    @Test
    void anUntappedChunkAllocatesNothingOfOursAndATappedOneItsCopy() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        Posix posix = Posix.linux();
        EpollLoop epoll = new EpollLoop(posix, "tap-test", "tap test", LogManager.getLogger(TapAllocationTest.class));
        OutputLoop io = new OutputLoop(posix, epoll, LogManager.getLogger(TapAllocationTest.class));
        AtomicLong tapped = new AtomicLong();
        io.tap((process, stream, bytes) -> tapped.addAndGet(bytes.length));
        int[] plainPipe = pipe(posix);
        int[] tappedPipe = pipe(posix);
        MemorySegment data = Arena.ofAuto().allocate(CHUNK);
        try {
            ProcessOutput plain = new ProcessOutput(
                    "plain",
                    SpecBuilder.command("x")
                            .name("plain")
                            .stdout(new Output.ToFile(tmp.resolve("plain.log"), 0, 0))
                            .build());
            ProcessOutput listener = new ProcessOutput(
                    "lst",
                    SpecBuilder.command("x")
                            .name("lst")
                            .stdout(new Output.ToFile(tmp.resolve("lst.log"), 0, 0))
                            .tapStdout()
                            .build());
            // Keys as the loop hands them out: sequence 1 in slot 0, sequence 2 in slot 1.
            io.add(plain, LogStream.STDOUT, plainPipe[0], 1);
            io.add(listener, LogStream.STDOUT, tappedPipe[0], 2);
            long plainKey = 1L << 32;
            long tappedKey = (2L << 32) | 1;

            chunks(posix, io, plainPipe[1], plainKey, data); // warm-up
            long before = threads.getThreadAllocatedBytes(self);
            chunks(posix, io, plainPipe[1], plainKey, data);
            long perChunk = (threads.getThreadAllocatedBytes(self) - before) / CHUNKS;
            System.out.printf("untapped chunk: %d bytes allocated%n", perChunk);
            assertThat(perChunk).isLessThan(BYTES_PER_CHUNK);
            assertThat(tapped.get()).isZero();

            chunks(posix, io, tappedPipe[1], tappedKey, data);
            assertThat(tapped.get()).isEqualTo((long) CHUNKS * CHUNK);
            assertThat(tmp.resolve("lst.log")).hasSize((long) CHUNKS * CHUNK);
            assertThat(tmp.resolve("plain.log")).hasSize(2L * CHUNKS * CHUNK);
        } finally {
            io.drainAndCloseAll();
            posix.close(plainPipe[1]);
            posix.close(tappedPipe[1]);
            epoll.close(1000);
        }
    }

    private static int[] pipe(Posix posix) throws PosixException {
        int[] p = posix.pipe();
        posix.setNonBlocking(p[0]);
        return p;
    }

    private static void chunks(Posix posix, OutputLoop io, int writeEnd, long key, MemorySegment data)
            throws PosixException {
        for (int i = 0; i < CHUNKS; i++) {
            if (posix.write(writeEnd, data, 0, CHUNK) != CHUNK) {
                throw new AssertionError("chunk " + i + " not written"); // no assertThat here: it allocates
            }
            io.ready(key);
        }
    }
}
