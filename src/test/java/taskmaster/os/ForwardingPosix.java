package taskmaster.os;

import java.util.Optional;

/** A {@link Posix} that passes every call on; tests override one call to stage a race. */
class ForwardingPosix implements Posix {
    private final Posix next = Posix.linux();

    @Override
    public int getpid() {
        return next.getpid();
    }

    @Override
    public int getuid() {
        return next.getuid();
    }

    @Override
    public int geteuid() {
        return next.geteuid();
    }

    @Override
    public int umask(int mask) {
        return next.umask(mask);
    }

    @Override
    public void unshareFs() throws PosixException {
        next.unshareFs();
    }

    @Override
    public void kill(int pid, int signal) throws PosixException {
        next.kill(pid, signal);
    }

    @Override
    public boolean unignoreSignal(int signal) throws PosixException {
        return next.unignoreSignal(signal);
    }

    @Override
    public int spawn(SpawnRequest request) throws PosixException {
        return next.spawn(request);
    }

    @Override
    public int pidfdOpen(int pid) throws PosixException {
        return next.pidfdOpen(pid);
    }

    @Override
    public Optional<Reaped> waitPidfd(int pidfd, boolean block) throws PosixException {
        return next.waitPidfd(pidfd, block);
    }

    @Override
    public Optional<Reaped> waitPid(int pid, boolean block) throws PosixException {
        return next.waitPid(pid, block);
    }

    @Override
    public int epollCreate() throws PosixException {
        return next.epollCreate();
    }

    @Override
    public void epollAdd(int epfd, int fd, long data) throws PosixException {
        next.epollAdd(epfd, fd, data);
    }

    @Override
    public void epollDelete(int epfd, int fd) throws PosixException {
        next.epollDelete(epfd, fd);
    }

    @Override
    public int epollWait(int epfd, long[] ready) throws PosixException {
        return next.epollWait(epfd, ready);
    }

    @Override
    public int eventfd() throws PosixException {
        return next.eventfd();
    }

    @Override
    public void eventfdSignal(int fd) throws PosixException {
        next.eventfdSignal(fd);
    }

    @Override
    public void close(int fd) throws PosixException {
        next.close(fd);
    }

    @Override
    public int[] pipe() throws PosixException {
        return next.pipe();
    }

    @Override
    public void setNonBlocking(int fd) throws PosixException {
        next.setNonBlocking(fd);
    }

    @Override
    public long read(int fd, java.lang.foreign.MemorySegment b, long n) throws PosixException {
        return next.read(fd, b, n);
    }

    @Override
    public long write(int fd, java.lang.foreign.MemorySegment b, long off, long n) throws PosixException {
        return next.write(fd, b, off, n);
    }

    @Override
    public int open(String path, int flags, int mode) throws PosixException {
        return next.open(path, flags, mode);
    }

    @Override
    public int setPipeSize(int fd, int bytes) {
        return next.setPipeSize(fd, bytes);
    }

    @Override
    public long seekEnd(int fd) throws PosixException {
        return next.seekEnd(fd);
    }

    @Override
    public void truncate(int fd) throws PosixException {
        next.truncate(fd);
    }

    @Override
    public long splice(int pipe, int out, long length) throws PosixException {
        return next.splice(pipe, out, length);
    }

    @Override
    public long pread(int fd, java.lang.foreign.MemorySegment b, long n, long offset) throws PosixException {
        return next.pread(fd, b, n, offset);
    }
}
