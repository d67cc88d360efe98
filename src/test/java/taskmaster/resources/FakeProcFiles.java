package taskmaster.resources;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code /proc} of fixed texts: a process is its files' texts; a file it lacks cannot be read
 * (gone, or another user's). Counts the reads and remembers the threads that made them.
 */
final class FakeProcFiles implements ProcFiles {
    final Map<Integer, Map<String, String>> files = new TreeMap<>();
    final Map<Integer, Integer> fds = new TreeMap<>();
    final AtomicLong reads = new AtomicLong();
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    /** A stat line with these fields and plausible others (52 fields, as Linux 6 writes them). */
    static String stat(
            int pid, String comm, char state, int pgrp, int session, long utime, long stime, long cutime,
            long cstime, int threads, long rssPages) {
        return pid + " (" + comm + ") " + state + " 1 " + pgrp + " " + session + " 0 -1 4194560 90 0 0 0 "
                + utime + " " + stime + " " + cutime + " " + cstime + " 20 0 " + threads + " 0 64671 2764800 "
                + rssPages + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
    }

    static String smaps(long rssKb, long pssKb) {
        return "55d0-7ffc ---p 00000000 00:00 0                          [rollup]\n"
                + "Rss:            " + rssKb + " kB\n"
                + "Pss:             " + pssKb + " kB\n"
                + "Pss_Dirty:        1 kB\nPss_Anon:         2 kB\nShared_Clean:   9 kB\n";
    }

    static String io(long read, long write) {
        return "rchar: 6976\nwchar: 10\nsyscr: 10\nsyscw: 1\nread_bytes: " + read + "\nwrite_bytes: " + write
                + "\ncancelled_write_bytes: 0\n";
    }

    /** A process with every file readable. */
    FakeProcFiles process(int pid, String stat, String smaps, String io, int fds) {
        Map<String, String> f = new TreeMap<>();
        f.put("stat", stat);
        if (smaps != null) {
            f.put("smaps_rollup", smaps);
        }
        if (io != null) {
            f.put("io", io);
        }
        files.put(pid, f);
        if (fds >= 0) {
            this.fds.put(pid, fds);
        }
        return this;
    }

    @Override
    public Pids pids(Pids into) {
        seen();
        into.count = 0;
        files.keySet().forEach(into::add);
        return into;
    }

    @Override
    public boolean read(long pid, String file, Text into) {
        seen();
        Map<String, String> f = files.get((int) pid);
        String text = f == null ? null : f.get(file);
        if (text == null) {
            into.length = 0;
            return false;
        }
        into.set(text);
        return true;
    }

    @Override
    public int openFiles(long pid) {
        seen();
        return fds.getOrDefault((int) pid, -1);
    }

    private void seen() {
        reads.incrementAndGet();
        threads.add(Thread.currentThread().getName());
    }
}
