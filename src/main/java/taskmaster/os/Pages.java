package taskmaster.os;

import static taskmaster.os.Syscall.MMAP;
import static taskmaster.os.Syscall.MUNMAP;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Buffers whose memory the kernel hands out one page at a time, when it is first touched: an
 * anonymous private mmap(2), unmapped when the arena closes (an automatic arena: when the
 * buffer is unreachable; the global arena: never).
 *
 * <p>Why not {@link Arena#allocate}: it zero-fills what it allocates, and the fill touches every
 * page, so a 1 MiB buffer is 1 MiB of resident memory before a byte goes through it. The output
 * loop's read buffer, its line formatter's and the console's two rings are 4 MiB that a daemon
 * whose programs write little never uses: about 5% of its RSS with 10 programs (docs/performance.md,
 * "Issue 14: eighth round"). The kernel's pages start as zeros too, so a reader sees the same.
 */
final class Pages {
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 2;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final long MAP_FAILED = -1;

    private Pages() {}

    /**
     * {@code bytes} of zeroed memory, none of it resident until written or read, freed with {@code
     * arena}.
     *
     * @throws OutOfMemoryError when the kernel refuses the mapping (as {@link Arena#allocate}
     *     throws when malloc fails)
     */
    static MemorySegment map(long bytes, Arena arena) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a mapping needs at least one byte, not " + bytes);
        }
        long address = MMAP.call(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (address == MAP_FAILED) {
            throw new OutOfMemoryError("mmap of " + bytes + " bytes: " + Errno.describe(Syscall.errno()));
        }
        // The cleanup gets a fresh segment at the same address: it holds nothing that keeps the
        // buffer reachable, so an automatic arena can still free it.
        return MemorySegment.ofAddress(address).reinterpret(bytes, arena, s -> MUNMAP.call(s.address(), bytes));
    }
}
