package taskmaster.os;

import java.util.Optional;

/**
 * The one seam between Taskmaster and the C library: every native call goes through here, so
 * the rest of the code is plain Java and a test can see exactly what the OS is asked to do.
 * Descriptors and pids are C ints. Calls that fail throw {@link PosixException} with the errno.
 */
public interface Posix {

    /** The implementation over glibc, through the FFM API (java.lang.foreign). */
    static Posix linux() {
        return NativePosix.INSTANCE;
    }

    int getpid();

    int getuid();

    int geteuid();

    /** Sets the process-wide umask and returns the previous one (umask(2) cannot fail). */
    int umask(int mask);

    /**
     * unshare(CLONE_FS) for the calling thread: from then on its umask (and working directory) are
     * its own, so a umask set on it reaches the children it spawns and no other thread's files.
     */
    void unshareFs() throws PosixException;

    /** kill(2): a negative pid means the process group {@code -pid}. */
    void kill(int pid, int signal) throws PosixException;

    /**
     * Sets {@code signal} back to its default disposition if it is ignored (sigaction(2) to look,
     * signal(2) to set); a handled or default signal is left as it is.
     *
     * @return whether it was ignored
     */
    boolean unignoreSignal(int signal) throws PosixException;

    /**
     * posix_spawn(3) of {@code request} in a new session (POSIX_SPAWN_SETSID, so pgid = sid =
     * pid), with an empty signal mask and every signal at its default disposition.
     *
     * @return the child's pid
     * @throws PosixException with the errno of whichever step failed in the child (a file
     *                        action or the exec) or of the fork itself
     */
    int spawn(SpawnRequest request) throws PosixException;

    /** pidfd_open(2) (syscall 434, Linux 5.3): a close-on-exec descriptor that becomes readable when {@code pid} ends. */
    int pidfdOpen(int pid) throws PosixException;

    /**
     * waitid(2) on a pidfd (P_PIDFD, Linux 5.4) for an exit, reaping the child.
     *
     * @param block wait for the exit when true; when false, return empty if not exited yet
     */
    Optional<Reaped> waitPidfd(int pidfd, boolean block) throws PosixException;

    /** waitid(2) on a pid (P_PID), reaping it; for the one child we could not get a pidfd for. */
    Optional<Reaped> waitPid(int pid, boolean block) throws PosixException;

    /** epoll_create1(EPOLL_CLOEXEC). */
    int epollCreate() throws PosixException;

    /** epoll_ctl(ADD) for EPOLLIN, with {@code data} handed back by {@link #epollWait}. */
    void epollAdd(int epfd, int fd, long data) throws PosixException;

    /** epoll_ctl(DEL). */
    void epollDelete(int epfd, int fd) throws PosixException;

    /**
     * epoll_wait(2) forever (no timeout): blocks until at least one descriptor is ready, fills
     * {@code ready} with their data words and returns how many. EINTR is retried here.
     */
    int epollWait(int epfd, long[] ready) throws PosixException;

    /** eventfd(0, EFD_CLOEXEC): a counter another thread can bump to wake an epoll_wait. */
    int eventfd() throws PosixException;

    /** Adds 1 to an eventfd's counter (write of an 8-byte 1). */
    void eventfdSignal(int fd) throws PosixException;

    void close(int fd) throws PosixException;

    // ---- output capture ----

    /** pipe2(O_CLOEXEC): {@code [read end, write end]}, both blocking. */
    int[] pipe() throws PosixException;

    /** fcntl(F_SETFL, flags | O_NONBLOCK). */
    void setNonBlocking(int fd) throws PosixException;

    /**
     * read(2) into {@code buffer}, retried on EINTR.
     *
     * @return the bytes read, 0 at end of file, -1 when a non-blocking descriptor has nothing (EAGAIN)
     */
    long read(int fd, java.lang.foreign.MemorySegment buffer, long length) throws PosixException;

    /**
     * write(2) of {@code length} bytes of {@code buffer} from {@code offset}, retried on EINTR.
     *
     * @return the bytes written (maybe fewer), or -1 when a non-blocking descriptor is full (EAGAIN)
     */
    long write(int fd, java.lang.foreign.MemorySegment buffer, long offset, long length) throws PosixException;

    /** fcntl(F_SETPIPE_SZ): asks for a pipe of {@code bytes}; returns its capacity, or -1 if refused. */
    int setPipeSize(int fd, int bytes);

    /**
     * splice(2) of up to {@code length} bytes from the pipe {@code pipe} to {@code out} at its file
     * position, without waiting for the pipe (SPLICE_F_NONBLOCK), retried on EINTR. The bytes move
     * inside the kernel; a call that fails moved none, so they are still in the pipe.
     *
     * @return the bytes moved, 0 at end of file, -1 when the pipe has nothing (EAGAIN)
     * @throws PosixException EINVAL when {@code out} does not take splice (opened O_APPEND, a file
     *                        system without it), or the error of the write (ENOSPC, EIO …)
     */
    long splice(int pipe, int out, long length) throws PosixException;

    /** pread(2) of up to {@code length} bytes at {@code offset}, retried on EINTR; 0 at end of file. */
    long pread(int fd, java.lang.foreign.MemorySegment buffer, long length, long offset) throws PosixException;

    /** open(2) with O_CLOEXEC added. */
    int open(String path, int flags, int mode) throws PosixException;

    /** lseek(fd, 0, SEEK_END): the size of an open file. */
    long seekEnd(int fd) throws PosixException;

    /** ftruncate(fd, 0). */
    void truncate(int fd) throws PosixException;

    /**
     * A reaped child, from waitid's siginfo_t.
     *
     * @param pid    the child
     * @param code   si_code: {@link #CLD_EXITED}, {@link #CLD_KILLED} or {@link #CLD_DUMPED}
     * @param status si_status: the exit code, or the signal number
     */
    record Reaped(int pid, int code, int status) {
        public static final int CLD_EXITED = 1;
        public static final int CLD_KILLED = 2;
        public static final int CLD_DUMPED = 3;

        public boolean bySignal() {
            return code == CLD_KILLED || code == CLD_DUMPED;
        }
    }
}
