package taskmaster.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** {@link Posix} over glibc on x86_64 Linux, through FFM downcalls. */
final class NativePosix implements Posix {
    static final NativePosix INSTANCE = new NativePosix();

    private static final long SYS_PIDFD_OPEN = 434;
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

    private static final MethodHandle GETPID = Libc.function("getpid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETUID = Libc.function("getuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEUID = Libc.function("geteuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle UMASK = Libc.function("umask", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final int CLONE_FS = 0x200;
    private static final MethodHandle UNSHARE = Libc.withErrno("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle KILL =
            Libc.withErrno("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    // glibc 2.36 has pidfd_open(), but older ones do not; syscall() works on every glibc.
    private static final MethodHandle SYSCALL2 =
            Libc.variadicWithErrno("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), 1);
    private static final MethodHandle WAITID =
            Libc.withErrno("waitid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle EPOLL_CREATE1 =
            Libc.withErrno("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL =
            Libc.withErrno("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT =
            Libc.withErrno("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD =
            Libc.withErrno("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle WRITE =
            Libc.withErrno("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = Libc.withErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ =
            Libc.withErrno("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle PIPE2 =
            Libc.withErrno("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FCNTL_GET =
            Libc.variadicWithErrno("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle FCNTL_SET =
            Libc.variadicWithErrno("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle OPEN =
            Libc.variadicWithErrno("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle LSEEK =
            Libc.withErrno("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle FTRUNCATE =
            Libc.withErrno("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final int O_CLOEXEC = 02000000;
    private static final int O_NONBLOCK = 04000;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int SEEK_END = 2;
    private static final int F_SETPIPE_SZ = 1031;
    /**
     * The errno capture of read and write, one per thread and kept: they run for every chunk of
     * captured output, so they allocate nothing.
     */
    private static final ThreadLocal<MemorySegment> IO_STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Libc.CALL_STATE));

    private NativePosix() {
    }

    @Override
    public int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public int getuid() {
        try {
            return (int) GETUID.invokeExact();
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public int umask(int mask) {
        try {
            return (int) UMASK.invokeExact(mask);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void unshareFs() throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            if ((int) UNSHARE.invokeExact(state, CLONE_FS) < 0) {
                throw new PosixException("unshare(CLONE_FS)", Libc.errno(state));
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void kill(int pid, int signal) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            if ((int) KILL.invokeExact(state, pid, signal) < 0) {
                throw new PosixException("kill(" + pid + ", " + signal + ")", Libc.errno(state));
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public int spawn(SpawnRequest request) throws PosixException {
        return NativeSpawn.spawn(request);
    }

    @Override
    public int pidfdOpen(int pid) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            long fd = (long) SYSCALL2.invokeExact(state, SYS_PIDFD_OPEN, (long) pid, 0L);
            if (fd < 0) {
                throw new PosixException("pidfd_open(" + pid + ")", Libc.errno(state));
            }
            return (int) fd;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            // Zeroed: with WNOHANG and nothing exited, waitid returns 0 and leaves si_pid 0.
            MemorySegment info = arena.allocate(SIGINFO_SIZE, 8);
            while ((int) WAITID.invokeExact(state, idType, id, info, options) < 0) {
                int errno = Libc.errno(state);
                if (errno != Errno.EINTR) {
                    throw new PosixException("waitid(" + id + ")", errno);
                }
            }
            int pid = info.get(JAVA_INT, SI_PID);
            if (pid == 0) {
                return Optional.empty();
            }
            return Optional.of(new Reaped(pid, info.get(JAVA_INT, SI_CODE), info.get(JAVA_INT, SI_STATUS)));
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public int epollCreate() throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int fd = (int) EPOLL_CREATE1.invokeExact(state, EPOLL_CLOEXEC);
            if (fd < 0) {
                throw new PosixException("epoll_create1", Libc.errno(state));
            }
            return fd;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment event = arena.allocate(EPOLL_EVENT_SIZE, 4);
            event.set(JAVA_INT, 0, EPOLLIN);
            event.set(JAVA_LONG_UNALIGNED, 4, data);
            if ((int) EPOLL_CTL.invokeExact(state, epfd, op, fd, event) < 0) {
                throw new PosixException("epoll_ctl(" + op + ", " + fd + ")", Libc.errno(state));
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public int epollWait(int epfd, long[] ready) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment events = arena.allocate((long) EPOLL_EVENT_SIZE * ready.length, 4);
            int n;
            while ((n = (int) EPOLL_WAIT.invokeExact(state, epfd, events, ready.length, -1)) < 0) {
                int errno = Libc.errno(state);
                if (errno != Errno.EINTR) {
                    throw new PosixException("epoll_wait", errno);
                }
            }
            for (int i = 0; i < n; i++) {
                ready[i] = events.get(JAVA_LONG_UNALIGNED, (long) i * EPOLL_EVENT_SIZE + 4);
            }
            return n;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public int eventfd() throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int fd = (int) EVENTFD.invokeExact(state, 0, EFD_CLOEXEC);
            if (fd < 0) {
                throw new PosixException("eventfd", Libc.errno(state));
            }
            return fd;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void eventfdSignal(int fd) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment one = arena.allocate(JAVA_LONG);
            one.set(JAVA_LONG, 0, 1L);
            if ((long) WRITE.invokeExact(state, fd, one, 8L) < 0) {
                throw new PosixException("write(eventfd " + fd + ")", Libc.errno(state));
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void close(int fd) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            // No retry on EINTR: on Linux the descriptor is released even then.
            if ((int) CLOSE.invokeExact(state, fd) < 0) {
                int errno = Libc.errno(state);
                if (errno != Errno.EINTR) {
                    throw new PosixException("close(" + fd + ")", errno);
                }
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public int[] pipe() throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if ((int) PIPE2.invokeExact(state, fds, O_CLOEXEC) < 0) {
                throw new PosixException("pipe2", Libc.errno(state));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void setNonBlocking(int fd) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int flags = (int) FCNTL_GET.invokeExact(state, fd, F_GETFL);
            if (flags < 0 || (int) FCNTL_SET.invokeExact(state, fd, F_SETFL, flags | O_NONBLOCK) < 0) {
                throw new PosixException("fcntl(" + fd + ", O_NONBLOCK)", Libc.errno(state));
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public int setPipeSize(int fd, int bytes) {
        try {
            return (int) FCNTL_SET.invokeExact(IO_STATE.get(), fd, F_SETPIPE_SZ, bytes);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public long read(int fd, MemorySegment buffer, long length) throws PosixException {
        MemorySegment state = IO_STATE.get();
        try {
            while (true) {
                long n = (long) READ.invokeExact(state, fd, buffer, length);
                if (n >= 0) {
                    return n;
                }
                int errno = Libc.errno(state);
                if (errno == Errno.EAGAIN) {
                    return -1;
                }
                if (errno != Errno.EINTR) {
                    throw new PosixException("read(" + fd + ")", errno);
                }
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public long write(int fd, MemorySegment buffer, long offset, long length) throws PosixException {
        MemorySegment state = IO_STATE.get();
        try {
            MemorySegment from = offset == 0 ? buffer : buffer.asSlice(offset);
            while (true) {
                long n = (long) WRITE.invokeExact(state, fd, from, length);
                if (n >= 0) {
                    return n;
                }
                int errno = Libc.errno(state);
                if (errno == Errno.EAGAIN) {
                    return -1;
                }
                if (errno != Errno.EINTR) {
                    throw new PosixException("write(" + fd + ")", errno);
                }
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public int open(String path, int flags, int mode) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int fd;
            while ((fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags | O_CLOEXEC, mode)) < 0) {
                int errno = Libc.errno(state);
                if (errno != Errno.EINTR) {
                    throw new PosixException("open(" + path + ")", errno);
                }
            }
            return fd;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public long seekEnd(int fd) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            long pos = (long) LSEEK.invokeExact(state, fd, 0L, SEEK_END);
            if (pos < 0) {
                throw new PosixException("lseek(" + fd + ")", Libc.errno(state));
            }
            return pos;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void truncate(int fd) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            if ((int) FTRUNCATE.invokeExact(state, fd, 0L) < 0) {
                throw new PosixException("ftruncate(" + fd + ")", Libc.errno(state));
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
