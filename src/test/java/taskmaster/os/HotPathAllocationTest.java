package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The calls the output thread makes for every chunk of captured output (epoll_wait, read, write)
 * allocate nothing of their own: no arena, no boxed argument, no varargs array. What is left is
 * the JDK's: until the JIT has compiled a downcall fully, each one may allocate some 40 bytes (none
 * once it has). An arena per epoll_wait cost several hundred bytes per chunk.
 */
class HotPathAllocationTest {
    private static final int CHUNKS = 20_000;
    /** Three downcalls at about 40 bytes each, with room; none of it ours. */
    private static final long BYTES_PER_CHUNK = 160;

    @Test
    void aChunkCostsNoAllocationOfOurs() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Posix posix = Posix.linux();
        int[] pipe = posix.pipe();
        int ep = posix.epollCreate();
        try {
            posix.setNonBlocking(pipe[0]);
            posix.epollAdd(ep, pipe[0], 1000);
            MemorySegment buffer = Arena.ofAuto().allocate(4096);
            long[] ready = new long[64];
            long self = Thread.currentThread().threadId();
            chunks(posix, pipe, ep, buffer, ready); // warm-up: class loading, the first compilations
            long before = threads.getThreadAllocatedBytes(self);
            chunks(posix, pipe, ep, buffer, ready);
            long perChunk = (threads.getThreadAllocatedBytes(self) - before) / CHUNKS;
            System.out.printf("epoll_wait + read + write: %d bytes allocated per chunk%n", perChunk);
            assertThat(perChunk).isLessThan(BYTES_PER_CHUNK);
        } finally {
            posix.close(ep);
            posix.close(pipe[0]);
            posix.close(pipe[1]);
        }
    }

    /** What the output thread does for a chunk: wait for it, read it, write it on (here: back into the pipe). */
    private static void chunks(Posix posix, int[] pipe, int ep, MemorySegment buffer, long[] ready)
            throws PosixException {
        posix.write(pipe[1], buffer, 0, 100);
        for (int i = 0; i < CHUNKS; i++) {
            // No assertThat here: it allocates.
            long n = posix.epollWait(ep, ready) == 1 ? posix.read(pipe[0], buffer, 4096) : -1;
            if (n != 100 || posix.write(pipe[1], buffer, 0, n) != n) {
                throw new AssertionError("chunk " + i + ": read " + n);
            }
        }
        posix.read(pipe[0], buffer, 4096);
    }
}
