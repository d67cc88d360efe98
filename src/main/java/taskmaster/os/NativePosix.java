package taskmaster.os;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static taskmaster.os.Syscall.CLOSE;
import static taskmaster.os.Syscall.EPOLL_CREATE1;
import static taskmaster.os.Syscall.EPOLL_CTL;
import static taskmaster.os.Syscall.EPOLL_WAIT;
import static taskmaster.os.Syscall.EVENTFD2;
import static taskmaster.os.Syscall.FCNTL;
import static taskmaster.os.Syscall.FTRUNCATE;
import static taskmaster.os.Syscall.GETEUID;
import static taskmaster.os.Syscall.GETPID;
import static taskmaster.os.Syscall.GETUID;
import static taskmaster.os.Syscall.KILL;
import static taskmaster.os.Syscall.LSEEK;
import static taskmaster.os.Syscall.OPEN;
import static taskmaster.os.Syscall.PIDFD_OPEN;
import static taskmaster.os.Syscall.PIPE2;
import static taskmaster.os.Syscall.PREAD64;
import static taskmaster.os.Syscall.READ;
import static taskmaster.os.Syscall.RT_SIGACTION;
import static taskmaster.os.Syscall.SPLICE;
import static taskmaster.os.Syscall.UMASK;
import static taskmaster.os.Syscall.UNSHARE;
import static taskmaster.os.Syscall.WAITID;
import static taskmaster.os.Syscall.WRITE;
import static taskmaster.os.Syscall.failure;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/** {@link Posix} over glibc on x86_64 Linux, through FFM downcalls (see {@link Syscall}). */
final class NativePosix implements Posix {
    static final NativePosix INSTANCE = new NativePosix();

    private static final int P_PID = 1;
    private static final int P_PIDFD = 3;
    private static final int WNOHANG = 1;
    private static final int WEXITED = 4;
    private static final int SIGINFO_SIZE = 128;
    private static final long SI_PID = 16;
    private static final long SI_CODE = 8;
    private static final long SI_STATUS = 24;
    private static final int EPOLL_CLOEXEC = 02000000;
    private static final int EFD_CLOEXEC = 02000000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLLIN = 1;
    // struct epoll_event is packed on x86_64: a 4-byte event mask then the 8-byte data word.
    private static final int EPOLL_EVENT_SIZE = 12;
    private static final int CLONE_FS = 0x200;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_NONBLOCK = 04000;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int SEEK_END = 2;
    private static final int F_SETPIPE_SZ = 1031;
    // SPLICE_F_MOVE and SPLICE_F_MORE change nothing for a pipe to a file: not passed.
    private static final int SPLICE_F_NONBLOCK = 2;
    // The kernel's struct sigaction on x86_64: handler, flags, restorer, then an 8-byte mask.
    private static final int SIGACTION_SIZE = 32;
    private static final int SIGSET_SIZE = 8;
    private static final long SIG_IGN = 1;

    /**
     * Memory for the structs a call fills or reads (siginfo_t, epoll_event, the pipe's two fds),
     * one per thread, grown when a call needs more and kept: epoll_wait runs for every wake-up of
     * the output thread and the reaper, so it allocates nothing.
     */
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(SIGINFO_SIZE, 8));

    private NativePosix() {}

    private static MemorySegment scratch(long bytes) {
        MemorySegment s = SCRATCH.get();
        if (s.byteSize() < bytes) {
            s = Arena.ofAuto().allocate(bytes, 8);
            SCRATCH.set(s);
        }
        return s;
    }

    @Override
    public int getpid() {
        return (int) GETPID.call();
    }

    @Override
    public int getuid() {
        return (int) GETUID.call();
    }

    @Override
    public int geteuid() {
        return (int) GETEUID.call();
    }

    @Override
    public int umask(int mask) {
        return (int) UMASK.call(mask);
    }

    @Override
    public void unshareFs() throws PosixException {
        if (UNSHARE.call(CLONE_FS) < 0) {
            throw failure("unshare(CLONE_FS)");
        }
    }

    @Override
    public void kill(int pid, int signal) throws PosixException {
        if (KILL.call(pid, signal) < 0) {
            throw failure("kill(" + pid + ", " + signal + ")");
        }
    }

    @Override
    public boolean unignoreSignal(int signal) throws PosixException {
        MemorySegment action = scratch(SIGACTION_SIZE);
        if (RT_SIGACTION.call(signal, 0, action, SIGSET_SIZE) < 0) {
            throw failure("sigaction(" + signal + ")");
        }
        if (action.get(JAVA_LONG, 0) != SIG_IGN) {
            return false;
        }
        // SIG_DFL (0), no flags, an empty mask: nothing runs on delivery, so no restorer is needed.
        action.fill((byte) 0);
        if (RT_SIGACTION.call(signal, action, 0, SIGSET_SIZE) < 0) {
            throw failure("sigaction(" + signal + ", SIG_DFL)");
        }
        return true;
    }

    @Override
    public int spawn(SpawnRequest request) throws PosixException {
        return NativeSpawn.spawn(request);
    }

    @Override
    public int pidfdOpen(int pid) throws PosixException {
        long fd = PIDFD_OPEN.call(pid, 0);
        if (fd < 0) {
            throw failure("pidfd_open(" + pid + ")");
        }
        return (int) fd;
    }

    @Override
    public Optional<Reaped> waitPidfd(int pidfd, boolean block) throws PosixException {
        return waitid(P_PIDFD, pidfd, block);
    }

    @Override
    public Optional<Reaped> waitPid(int pid, boolean block) throws PosixException {
        return waitid(P_PID, pid, block);
    }

    private static Optional<Reaped> waitid(int idType, int id, boolean block) throws PosixException {
        int options = WEXITED | (block ? 0 : WNOHANG);
        // Zeroed: with WNOHANG and nothing exited, waitid returns 0 and leaves si_pid 0.
        MemorySegment info = scratch(SIGINFO_SIZE).fill((byte) 0);
        while (WAITID.call(idType, id, info, options) < 0) {
            if (Syscall.errno() != Errno.EINTR) {
                throw failure("waitid(" + id + ")");
            }
        }
        int pid = info.get(JAVA_INT, SI_PID);
        if (pid == 0) {
            return Optional.empty();
        }
        return Optional.of(new Reaped(pid, info.get(JAVA_INT, SI_CODE), info.get(JAVA_INT, SI_STATUS)));
    }

    @Override
    public int epollCreate() throws PosixException {
        int fd = (int) EPOLL_CREATE1.call(EPOLL_CLOEXEC);
        if (fd < 0) {
            throw failure("epoll_create1");
        }
        return fd;
    }

    @Override
    public void epollAdd(int epfd, int fd, long data) throws PosixException {
        epollCtl(EPOLL_CTL_ADD, epfd, fd, data);
    }

    @Override
    public void epollDelete(int epfd, int fd) throws PosixException {
        epollCtl(EPOLL_CTL_DEL, epfd, fd, 0);
    }

    private static void epollCtl(int op, int epfd, int fd, long data) throws PosixException {
        MemorySegment event = scratch(EPOLL_EVENT_SIZE);
        event.set(JAVA_INT, 0, EPOLLIN);
        event.set(JAVA_LONG_UNALIGNED, 4, data);
        if (EPOLL_CTL.call(epfd, op, fd, event) < 0) {
            throw failure("epoll_ctl(" + op + ", " + fd + ")");
        }
    }

    @Override
    public int epollWait(int epfd, long[] ready) throws PosixException {
        MemorySegment events = scratch((long) EPOLL_EVENT_SIZE * ready.length);
        int n;
        while ((n = (int) EPOLL_WAIT.call(epfd, events, ready.length, -1)) < 0) {
            if (Syscall.errno() != Errno.EINTR) {
                throw failure("epoll_wait");
            }
        }
        for (int i = 0; i < n; i++) {
            ready[i] = events.get(JAVA_LONG_UNALIGNED, (long) i * EPOLL_EVENT_SIZE + 4);
        }
        return n;
    }

    @Override
    public int eventfd() throws PosixException {
        int fd = (int) EVENTFD2.call(0, EFD_CLOEXEC);
        if (fd < 0) {
            throw failure("eventfd");
        }
        return fd;
    }

    @Override
    public void eventfdSignal(int fd) throws PosixException {
        MemorySegment one = scratch(JAVA_LONG.byteSize());
        one.set(JAVA_LONG, 0, 1L);
        if (WRITE.call(fd, one, 8) < 0) {
            throw failure("write(eventfd " + fd + ")");
        }
    }

    @Override
    public void close(int fd) throws PosixException {
        // No retry on EINTR: on Linux the descriptor is released even then.
        if (CLOSE.call(fd) < 0 && Syscall.errno() != Errno.EINTR) {
            throw failure("close(" + fd + ")");
        }
    }

    @Override
    public int[] pipe() throws PosixException {
        MemorySegment fds = scratch(2 * JAVA_INT.byteSize());
        if (PIPE2.call(fds, O_CLOEXEC) < 0) {
            throw failure("pipe2");
        }
        return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
    }

    @Override
    public void setNonBlocking(int fd) throws PosixException {
        long flags = FCNTL.call(fd, F_GETFL);
        if (flags < 0 || FCNTL.call(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
            throw failure("fcntl(" + fd + ", O_NONBLOCK)");
        }
    }

    @Override
    public int setPipeSize(int fd, int bytes) {
        return (int) FCNTL.call(fd, F_SETPIPE_SZ, bytes);
    }

    @Override
    public long read(int fd, MemorySegment buffer, long length) throws PosixException {
        while (true) {
            long n = READ.call(fd, buffer, length);
            if (n >= 0) {
                return n;
            }
            int errno = Syscall.errno();
            if (errno == Errno.EAGAIN) {
                return -1;
            }
            if (errno != Errno.EINTR) {
                throw failure("read(" + fd + ")");
            }
        }
    }

    @Override
    public long write(int fd, MemorySegment buffer, long offset, long length) throws PosixException {
        MemorySegment from = offset == 0 ? buffer : buffer.asSlice(offset);
        while (true) {
            long n = WRITE.call(fd, from, length);
            if (n >= 0) {
                return n;
            }
            int errno = Syscall.errno();
            if (errno == Errno.EAGAIN) {
                return -1;
            }
            if (errno != Errno.EINTR) {
                throw failure("write(" + fd + ")");
            }
        }
    }

    @Override
    public long splice(int pipe, int out, long length) throws PosixException {
        while (true) {
            // Both offsets NULL: each file at its own position.
            long n = SPLICE.call(pipe, 0, out, 0, length, SPLICE_F_NONBLOCK);
            if (n >= 0) {
                return n;
            }
            int errno = Syscall.errno();
            if (errno == Errno.EAGAIN) {
                return -1;
            }
            if (errno != Errno.EINTR) {
                throw failure("splice(" + pipe + ", " + out + ")");
            }
        }
    }

    @Override
    public long pread(int fd, MemorySegment buffer, long length, long offset) throws PosixException {
        while (true) {
            long n = PREAD64.call(fd, buffer, length, offset);
            if (n >= 0) {
                return n;
            }
            if (Syscall.errno() != Errno.EINTR) {
                throw failure("pread(" + fd + ")");
            }
        }
    }

    @Override
    public int open(String path, int flags, int mode) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            int fd;
            while ((fd = (int) OPEN.call(cPath, flags | O_CLOEXEC, mode)) < 0) {
                if (Syscall.errno() != Errno.EINTR) {
                    throw failure("open(" + path + ")");
                }
            }
            return fd;
        }
    }

    @Override
    public long seekEnd(int fd) throws PosixException {
        long pos = LSEEK.call(fd, 0, SEEK_END);
        if (pos < 0) {
            throw failure("lseek(" + fd + ")");
        }
        return pos;
    }

    @Override
    public void truncate(int fd) throws PosixException {
        if (FTRUNCATE.call(fd, 0) < 0) {
            throw failure("ftruncate(" + fd + ")");
        }
    }
}
