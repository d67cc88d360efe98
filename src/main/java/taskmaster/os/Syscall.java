package taskmaster.os;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

/**
 * One Linux system call, by its x86_64 number, called in one line: {@code CLOSE.call(fd)} returns
 * the raw result (-1 on failure), and {@link #failure} turns the errno it left into a {@link
 * PosixException} naming the call.
 *
 * <p>Every call goes through glibc's {@code syscall(long number, ...)}, in {@link Libc}'s one
 * shape: a pointer is passed as its address, an int widened. No boxing, no varargs array and no
 * lambda: the output thread reads and writes through it for every chunk of captured output, and
 * allocates nothing.
 *
 * <p>The kernel's calls are used where they differ from glibc's wrappers of the same name: {@code
 * rt_sigaction} with the kernel's {@code struct sigaction}, {@code eventfd2}, {@code pread64}, and
 * {@code waitid} with its fifth argument (the rusage, NULL).
 */
record Syscall(long number) {
    static final Syscall READ = new Syscall(0);
    static final Syscall WRITE = new Syscall(1);
    static final Syscall OPEN = new Syscall(2);
    static final Syscall CLOSE = new Syscall(3);
    static final Syscall LSEEK = new Syscall(8);
    static final Syscall MMAP = new Syscall(9);
    static final Syscall MUNMAP = new Syscall(11);
    static final Syscall RT_SIGACTION = new Syscall(13);
    static final Syscall PREAD64 = new Syscall(17);
    static final Syscall GETPID = new Syscall(39);
    static final Syscall SOCKET = new Syscall(41);
    static final Syscall RECVMSG = new Syscall(47);
    static final Syscall BIND = new Syscall(49);
    static final Syscall SETSOCKOPT = new Syscall(54);
    static final Syscall KILL = new Syscall(62);
    static final Syscall FCNTL = new Syscall(72);
    static final Syscall FTRUNCATE = new Syscall(77);
    static final Syscall FCHMOD = new Syscall(91);
    static final Syscall CHOWN = new Syscall(92);
    static final Syscall UMASK = new Syscall(95);
    static final Syscall GETUID = new Syscall(102);
    static final Syscall GETEUID = new Syscall(107);
    static final Syscall EPOLL_WAIT = new Syscall(232);
    static final Syscall EPOLL_CTL = new Syscall(233);
    static final Syscall WAITID = new Syscall(247);
    static final Syscall UNSHARE = new Syscall(272);
    static final Syscall SPLICE = new Syscall(275);
    static final Syscall EVENTFD2 = new Syscall(290);
    static final Syscall EPOLL_CREATE1 = new Syscall(291);
    static final Syscall PIPE2 = new Syscall(293);
    static final Syscall STATX = new Syscall(332);
    static final Syscall PIDFD_SEND_SIGNAL = new Syscall(424);
    static final Syscall PIDFD_OPEN = new Syscall(434);

    private static final MemorySegment SYSCALL = Libc.function("syscall");

    /** The errno the last failed call of this thread left. */
    static int errno() {
        return Libc.errno();
    }

    /** What the last call of this thread failed with, as {@code call: ENOENT (No such file or directory)}. */
    static PosixException failure(String call) {
        return new PosixException(call, errno());
    }

    private long invoke(long a, long b, long c, long d, long e, long f) {
        return Libc.call(SYSCALL, number, a, b, c, d, e, f);
    }

    /**
     * A pointer argument: the segment's address, checked as a downcall would check it. The caller
     * keeps the segment reachable until the call has returned ({@link Reference#reachabilityFence}),
     * since the kernel sees only the number.
     */
    private static long address(MemorySegment p) {
        if (!p.isNative()) {
            throw new IllegalArgumentException("a system call needs native memory, not " + p);
        }
        if (!p.scope().isAlive()) {
            throw new IllegalStateException("a system call was given memory already freed");
        }
        return p.address();
    }

    private long invoke(MemorySegment p, long a, long b, long c, long d, long e) {
        try {
            return invoke(a, b, c, d, e, 0);
        } finally {
            Reference.reachabilityFence(p);
        }
    }

    // One overload per shape in use, written in the C function's argument order.

    long call() {
        return invoke(0, 0, 0, 0, 0, 0);
    }

    long call(long a) {
        return invoke(a, 0, 0, 0, 0, 0);
    }

    long call(long a, long b) {
        return invoke(a, b, 0, 0, 0, 0);
    }

    long call(long a, long b, long c) {
        return invoke(a, b, c, 0, 0, 0);
    }

    long call(long a, long b, long c, long d) {
        return invoke(a, b, c, d, 0, 0);
    }

    long call(long a, long b, long c, long d, long e, long f) {
        return invoke(a, b, c, d, e, f);
    }

    long call(MemorySegment p, long a) {
        return invoke(p, address(p), a, 0, 0, 0);
    }

    long call(MemorySegment p, long a, long b) {
        return invoke(p, address(p), a, b, 0, 0);
    }

    long call(long a, MemorySegment p, long b) {
        return invoke(p, a, address(p), b, 0, 0);
    }

    long call(long a, MemorySegment p, long b, long c) {
        return invoke(p, a, address(p), b, c, 0);
    }

    long call(long a, long b, MemorySegment p) {
        return invoke(p, a, b, address(p), 0, 0);
    }

    long call(long a, long b, MemorySegment p, long c) {
        return invoke(p, a, b, address(p), c, 0);
    }

    long call(long a, long b, long c, MemorySegment p) {
        return invoke(p, a, b, c, address(p), 0);
    }

    long call(long a, long b, long c, MemorySegment p, long d) {
        return invoke(p, a, b, c, address(p), d);
    }

    /** statx(2)'s shape: a path and the buffer it fills. */
    long call(long a, MemorySegment p, long b, long c, MemorySegment q) {
        try {
            return invoke(p, a, address(p), b, c, address(q));
        } finally {
            Reference.reachabilityFence(q);
        }
    }
}
