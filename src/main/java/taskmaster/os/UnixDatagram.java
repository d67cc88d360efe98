package taskmaster.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static taskmaster.os.Syscall.BIND;
import static taskmaster.os.Syscall.CHOWN;
import static taskmaster.os.Syscall.CLOSE;
import static taskmaster.os.Syscall.FCHMOD;
import static taskmaster.os.Syscall.RECVMSG;
import static taskmaster.os.Syscall.SETSOCKOPT;
import static taskmaster.os.Syscall.SOCKET;
import static taskmaster.os.Syscall.failure;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * A bound, non-blocking AF_UNIX SOCK_DGRAM socket that receives each datagram with its sender's
 * credentials (SO_PASSCRED: the kernel attaches the sender's pid, uid and gid to every datagram,
 * whether the sender sent them or not, and checks those a sender sends). Java's NIO has unix
 * stream sockets only, so this is FFM, like the rest of the os layer. x86_64 layouts.
 */
final class UnixDatagram {
    /** sun_path holds 108 bytes, its terminating NUL included. */
    static final int MAX_PATH_BYTES = 107;
    /** systemd's limit for a notification message (PIPE_BUF); a longer one is dropped whole. */
    static final int MAX_MESSAGE = 4096;

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_PASSCRED = 16;
    private static final int SCM_RIGHTS = 1;
    private static final int SCM_CREDENTIALS = 2;
    private static final int MSG_CTRUNC = 0x8;
    private static final int MSG_TRUNC = 0x20;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int SOCKADDR_UN_SIZE = 110;
    // struct msghdr: name, namelen (+pad), iov, iovlen, control, controllen, flags (+pad).
    private static final int MSGHDR_SIZE = 56;
    private static final long MSG_IOV = 16;
    private static final long MSG_IOVLEN = 24;
    private static final long MSG_CONTROL = 32;
    private static final long MSG_CONTROLLEN = 40;
    private static final long MSG_FLAGS = 48;
    private static final int IOVEC_SIZE = 16;
    // struct cmsghdr: len (size_t), level, type, then the data, 8-aligned.
    private static final int CMSG_HEADER = 16;
    // Room for the credentials and a few hundred descriptors (systemd's FDSTORE sends up to 768;
    // the kernel closes those that do not fit and sets MSG_CTRUNC).
    private static final int CONTROL_SIZE = 4096;

    private UnixDatagram() {}

    /**
     * One datagram as received.
     *
     * @param data      its bytes (at most {@link #MAX_MESSAGE})
     * @param oversized it was longer than {@link #MAX_MESSAGE}: {@code data} is its start only
     * @param pid       the sender's pid in our pid namespace (0: not visible from it); -1: no credentials
     * @param uid       the sender's uid (its real uid, unless it sent others it was allowed to)
     * @param gid       the sender's gid
     * @param fds       how many descriptors came with it (closed at once; systemd's barrier waits for that)
     */
    record Datagram(byte[] data, boolean oversized, int pid, int uid, int gid, int fds) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /**
     * socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC), SO_PASSCRED, then bind to
     * {@code path} with {@code mode}: set on the socket before the bind, which Linux gives the
     * file it creates (less the umask), so the file never exists with wider permissions.
     *
     * @return the descriptor
     */
    static int bind(String path, int mode) throws PosixException {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PATH_BYTES) {
            throw new PosixException("bind(" + path + ")", Errno.ENAMETOOLONG);
        }
        int fd = (int) SOCKET.call(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("socket(AF_UNIX, SOCK_DGRAM)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(JAVA_INT);
            one.set(JAVA_INT, 0, 1);
            if (SETSOCKOPT.call(fd, SOL_SOCKET, SO_PASSCRED, one, JAVA_INT.byteSize()) < 0) {
                throw failure("setsockopt(SO_PASSCRED)");
            }
            if (FCHMOD.call(fd, mode) < 0) {
                throw failure("fchmod(socket)");
            }
            MemorySegment address = arena.allocate(SOCKADDR_UN_SIZE, 8); // zeroed: sun_path ends in NUL
            address.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(bytes, 0, address, JAVA_BYTE, 2, bytes.length);
            if (BIND.call(fd, address, 2 + bytes.length + 1) < 0) {
                throw failure("bind(" + path + ")");
            }
            return fd;
        } catch (PosixException | RuntimeException e) {
            CLOSE.call(fd);
            throw e;
        }
    }

    /** chown(2): hands the socket file to the program's account, so that it may connect. */
    static void chown(String path, int uid, int gid) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            if (CHOWN.call(arena.allocateFrom(path), uid, gid) < 0) {
                throw failure("chown(" + path + ")");
            }
        }
    }

    /**
     * The receiving side's memory (header, data, control), made once per reading thread and
     * reused for every datagram.
     */
    static final class Receiver {
        private final MemorySegment header;
        private final MemorySegment iov;
        private final MemorySegment data;
        private final MemorySegment control;

        Receiver() {
            Arena arena = Arena.ofAuto();
            header = arena.allocate(MSGHDR_SIZE, 8);
            iov = arena.allocate(IOVEC_SIZE, 8);
            data = arena.allocate(MAX_MESSAGE, 8);
            control = arena.allocate(CONTROL_SIZE, 8);
        }

        /**
         * recvmsg(2) of one datagram without waiting. Descriptors it carries are closed at once:
         * nothing here keeps them, and a sender waiting for them to be closed (sd_notify_barrier)
         * must not wait.
         *
         * @return the datagram, or null when there is none left (EAGAIN)
         */
        Datagram receive(int fd) throws PosixException {
            header.fill((byte) 0);
            iov.set(ADDRESS, 0, data);
            iov.set(JAVA_LONG, 8, MAX_MESSAGE);
            header.set(ADDRESS, MSG_IOV, iov);
            header.set(JAVA_LONG, MSG_IOVLEN, 1);
            header.set(ADDRESS, MSG_CONTROL, control);
            header.set(JAVA_LONG, MSG_CONTROLLEN, CONTROL_SIZE);
            long n;
            while ((n = RECVMSG.call(fd, header, MSG_DONTWAIT | MSG_CMSG_CLOEXEC)) < 0) {
                int errno = Syscall.errno();
                if (errno == Errno.EAGAIN) {
                    return null;
                }
                if (errno != Errno.EINTR) {
                    throw failure("recvmsg(" + fd + ")");
                }
            }
            int flags = header.get(JAVA_INT, MSG_FLAGS);
            long controlLength = Math.min(header.get(JAVA_LONG, MSG_CONTROLLEN), CONTROL_SIZE);
            int pid = -1;
            int uid = -1;
            int gid = -1;
            int fds = 0;
            for (long at = 0; at + CMSG_HEADER <= controlLength; ) {
                long length = control.get(JAVA_LONG, at);
                if (length < CMSG_HEADER || at + length > controlLength) {
                    break;
                }
                int level = control.get(JAVA_INT, at + 8);
                int type = control.get(JAVA_INT, at + 12);
                if (level == SOL_SOCKET && type == SCM_CREDENTIALS && length >= CMSG_HEADER + 12) {
                    pid = control.get(JAVA_INT, at + CMSG_HEADER);
                    uid = control.get(JAVA_INT, at + CMSG_HEADER + 4);
                    gid = control.get(JAVA_INT, at + CMSG_HEADER + 8);
                } else if (level == SOL_SOCKET && type == SCM_RIGHTS) {
                    for (long d = at + CMSG_HEADER; d + 4 <= at + length; d += 4) {
                        CLOSE.call(control.get(JAVA_INT, d));
                        fds++;
                    }
                }
                at += (length + 7) & ~7L;
            }
            boolean oversized = (flags & MSG_TRUNC) != 0;
            byte[] bytes = data.asSlice(0, Math.min(n, MAX_MESSAGE)).toArray(JAVA_BYTE);
            return new Datagram(bytes, oversized, pid, uid, gid, fds + ((flags & MSG_CTRUNC) != 0 ? 1 : 0));
        }
    }
}
