package taskmaster.resources;

import java.io.File;
import taskmaster.os.ProcReader;

/**
 * {@link ProcFiles} over the real {@code /proc}. A file is read whole by {@link ProcReader} (open,
 * read, close into buffers kept for the purpose: nothing allocated, no exception for a process
 * that is gone), where a {@code FileChannel} costs a channel, a descriptor object and a cleaner per
 * file and an exception per process that ended.
 *
 * <p>Open descriptors: since Linux 6.2 the size {@code stat(2)} gives {@code /proc/PID/fd} is the
 * number of descriptors, one call instead of a listing. Older kernels give 0 there, and then the
 * directory is listed (as it is for a process whose count really is 0, which costs nothing; and
 * when the directory cannot be looked at, which then answers -1).
 */
final class LiveProcFiles implements ProcFiles {
    private static final File PROC = new File("/proc");

    private final ProcReader reader = new ProcReader();

    @Override
    public Pids pids(Pids into) {
        into.count = 0;
        String[] names = PROC.list();
        if (names == null) {
            return into;
        }
        for (String n : names) {
            int pid = parsePid(n);
            if (pid > 0) {
                into.add(pid);
            }
        }
        return into;
    }

    @Override
    public boolean read(long pid, ProcFile file, Text into) {
        while (true) {
            int n = reader.read(pid, file.ascii, into.bytes);
            if (n < 0) {
                into.length = 0;
                return false;
            }
            if (n < into.bytes.length) {
                into.length = n;
                return true;
            }
            into.length = 0;
            into.ensure(into.bytes.length * 2); // it may be longer: read it again whole
        }
    }

    @Override
    public int openFiles(long pid) {
        long size = reader.fdSize(pid);
        if (size > 0) {
            return (int) size;
        }
        String[] listed = new File("/proc/" + pid + "/fd").list();
        return listed == null ? -1 : listed.length;
    }

    private static int parsePid(String n) {
        int v = 0;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c < '0' || c > '9' || v > (Integer.MAX_VALUE - 9) / 10) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return n.isEmpty() ? -1 : v;
    }
}
