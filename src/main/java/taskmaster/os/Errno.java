package taskmaster.os;

import java.util.Map;

/**
 * Linux errno values (x86_64) with their names and the glibc wording, so messages read like
 * {@code ENOENT (No such file or directory)} without calling strerror, which is not thread-safe.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int E2BIG = 7;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ETXTBSY = 26;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ELOOP = 40;
    public static final int EDQUOT = 122;

    private record Entry(String name, String text) {}

    private static final Map<Integer, Entry> TABLE = Map.ofEntries(
            Map.entry(EPERM, new Entry("EPERM", "Operation not permitted")),
            Map.entry(ENOENT, new Entry("ENOENT", "No such file or directory")),
            Map.entry(ESRCH, new Entry("ESRCH", "No such process")),
            Map.entry(EINTR, new Entry("EINTR", "Interrupted system call")),
            Map.entry(EIO, new Entry("EIO", "Input/output error")),
            Map.entry(E2BIG, new Entry("E2BIG", "Argument list too long")),
            Map.entry(ENOEXEC, new Entry("ENOEXEC", "Exec format error")),
            Map.entry(EBADF, new Entry("EBADF", "Bad file descriptor")),
            Map.entry(ECHILD, new Entry("ECHILD", "No child processes")),
            Map.entry(EAGAIN, new Entry("EAGAIN", "Resource temporarily unavailable")),
            Map.entry(ENOMEM, new Entry("ENOMEM", "Cannot allocate memory")),
            Map.entry(EACCES, new Entry("EACCES", "Permission denied")),
            Map.entry(ENOTDIR, new Entry("ENOTDIR", "Not a directory")),
            Map.entry(EISDIR, new Entry("EISDIR", "Is a directory")),
            Map.entry(EINVAL, new Entry("EINVAL", "Invalid argument")),
            Map.entry(ENFILE, new Entry("ENFILE", "Too many open files in system")),
            Map.entry(EMFILE, new Entry("EMFILE", "Too many open files")),
            Map.entry(ETXTBSY, new Entry("ETXTBSY", "Text file busy")),
            Map.entry(EFBIG, new Entry("EFBIG", "File too large")),
            Map.entry(ENOSPC, new Entry("ENOSPC", "No space left on device")),
            Map.entry(EROFS, new Entry("EROFS", "Read-only file system")),
            Map.entry(ENAMETOOLONG, new Entry("ENAMETOOLONG", "File name too long")),
            Map.entry(ENOSYS, new Entry("ENOSYS", "Function not implemented")),
            Map.entry(ELOOP, new Entry("ELOOP", "Too many levels of symbolic links")),
            Map.entry(EDQUOT, new Entry("EDQUOT", "Disk quota exceeded")));

    private Errno() {}

    /** {@code ENOENT}, or {@code errno 77} for one we have no name for. */
    public static String name(int errno) {
        Entry e = TABLE.get(errno);
        return e != null ? e.name() : "errno " + errno;
    }

    /** {@code No such file or directory}, or {@code Unknown error 77} like glibc. */
    public static String text(int errno) {
        Entry e = TABLE.get(errno);
        return e != null ? e.text() : "Unknown error " + errno;
    }

    /** {@code ENOENT (No such file or directory)}: the form every message uses. */
    public static String describe(int errno) {
        return name(errno) + " (" + text(errno) + ")";
    }
}
