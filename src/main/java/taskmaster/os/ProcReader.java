package taskmaster.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static taskmaster.os.Syscall.CLOSE;
import static taskmaster.os.Syscall.OPEN;
import static taskmaster.os.Syscall.READ;
import static taskmaster.os.Syscall.STATX;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads small {@code /proc/PID/...} files whole with open, read and close and nothing else: the
 * path is written into a native buffer kept for the purpose, the content read into another and
 * copied into the caller's array. No object is allocated per read and no exception is thrown for a
 * process that is gone, which sampling meets every time a process ends. Not thread-safe: one per
 * thread.
 *
 * <p>A read that returns less than was asked ends the file: the per-process files read here
 * ({@code stat}, {@code io}, {@code smaps_rollup}, {@code status}) are each written by the kernel
 * in one piece, which a read with room for it returns whole. That saves the read that would return
 * 0, a system call per file.
 */
public final class ProcReader {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;
    private static final int AT_FDCWD = -100;
    private static final int STATX_SIZE = 0x200;
    /** Where {@code stx_size} is in {@code struct statx}, the same on every architecture. */
    private static final long STX_SIZE = 40;

    private static final int STATX_BUFFER = 256;

    private static final byte[] PROC = {'/', 'p', 'r', 'o', 'c', '/'};
    private static final byte[] FD = {'f', 'd'};
    private static final int PATH_MAX = 256;

    private final Arena arena = Arena.ofAuto();
    private final MemorySegment path = arena.allocate(PATH_MAX);
    private final byte[] digits = new byte[20];
    private MemorySegment buffer = arena.allocate(16 * 1024);
    private final MemorySegment statx = arena.allocate(STATX_BUFFER, 8);

    /**
     * Reads {@code /proc/PID/NAME} (NAME in ASCII, such as {@code stat}) into {@code into} from
     * index 0, at most {@code into.length} bytes.
     *
     * @return the bytes read ({@code into.length} when the file may be longer: the caller grows
     *         its array and reads again), or -1 when the file cannot be read (the process is gone,
     *         or the file is another user's)
     */
    public int read(long pid, byte[] name, byte[] into) {
        if (!path(pid, name)) {
            return -1;
        }
        if (buffer.byteSize() < into.length) {
            buffer = arena.allocate(into.length);
        }
        int fd = (int) OPEN.call(path, O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0) {
            return -1;
        }
        try {
            long total = 0;
            while (total < into.length) {
                long asked = into.length - total;
                long n = READ.call(fd, total == 0 ? buffer : buffer.asSlice(total), asked);
                if (n < 0) {
                    if (Syscall.errno() == Errno.EINTR) {
                        continue;
                    }
                    return -1; // ESRCH: it ended while we read
                }
                total += n;
                if (n < asked) {
                    break; // a short read: the end (see above)
                }
            }
            MemorySegment.copy(buffer, JAVA_BYTE, 0, into, 0, (int) total);
            return (int) total;
        } finally {
            CLOSE.call(fd);
        }
    }

    /**
     * The size {@code statx(2)} gives {@code /proc/PID/fd}: since Linux 6.2 the number of open
     * descriptors (0 on older kernels).
     *
     * @return the size, or -1 when the directory cannot be looked at (gone, another user's) or
     *         the kernel has no statx (before 4.11)
     */
    public long fdSize(long pid) {
        if (!path(pid, FD)) {
            return -1;
        }
        return STATX.call(AT_FDCWD, path, 0, STATX_SIZE, statx) == 0 ? statx.get(JAVA_LONG, STX_SIZE) : -1;
    }

    /** Writes {@code /proc/PID/NAME\0} into {@link #path}; false when it would not fit. */
    private boolean path(long pid, byte[] name) {
        int d = 0;
        long v = pid;
        do {
            digits[d++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        if (PROC.length + d + 1 + name.length + 1 > PATH_MAX) {
            return false;
        }
        long at = 0;
        for (byte b : PROC) {
            path.set(JAVA_BYTE, at++, b);
        }
        while (d > 0) {
            path.set(JAVA_BYTE, at++, digits[--d]);
        }
        path.set(JAVA_BYTE, at++, (byte) '/');
        for (byte b : name) {
            path.set(JAVA_BYTE, at++, b);
        }
        path.set(JAVA_BYTE, at, (byte) 0);
        return true;
    }
}
