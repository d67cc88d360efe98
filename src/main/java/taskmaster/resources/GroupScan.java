package taskmaster.resources;

import java.util.Arrays;

/**
 * One walk of {@code /proc} that sums the figures of every supervised process's group: each
 * {@code /proc/PID/stat} of the system is read once, and a process belongs to the group of the
 * supervised pid that is its session (field 6), else its process group (field 5), else itself.
 * The daemon spawns every program in a session of its own, so everything a program forks is in
 * its session unless it called setsid itself. Only members are read further: {@code io} and the
 * count of {@code fd}, and now and then {@code smaps_rollup}. Nothing is allocated per process.
 *
 * <p><b>Memory.</b> RSS is the stat line's (field 24, the kernel's resident counters, which
 * {@code statm}, {@code ps} and {@code top} show), read every sample at no extra cost. PSS needs
 * {@code smaps_rollup}, which makes the kernel walk the page tables: at some 50 us a process it
 * costs more than everything else together, so each process's is read when it is first seen and
 * then once every {@value #PSS_EVERY} samples (spread by pid, so no sample reads them all), and
 * the value read last stands in between. A group's PSS is the sum of its members' latest.
 */
final class GroupScan {
    /** A process's PSS is read again every this many samples. */
    static final int PSS_EVERY = 6;

    private static final byte[] PSS = Ascii.bytes("Pss:");
    private static final byte[] READ_BYTES = Ascii.bytes("read_bytes:");
    private static final byte[] WRITE_BYTES = Ascii.bytes("write_bytes:");

    private final ProcFiles files;
    private final long pageSize;
    private final ProcFiles.Text text = new ProcFiles.Text();
    private final StatFields stat = new StatFields();
    private ProcFiles.Pids pids = new ProcFiles.Pids();
    /** The PSS (bytes; -1 unreadable) of the members last seen, and of those seen in this scan. */
    private PidLongMap pss = new PidLongMap();

    private PidLongMap pssNext = new PidLongMap();
    private long scans;
    /** The PSS of {@link #single}'s process, and the calls since it was read. */
    private long singlePid;

    private long singlePss = -1;
    private int singles;

    GroupScan(ProcFiles files, long pageSize) {
        this.files = files;
        this.pageSize = pageSize;
    }

    /** A full {@link #scan(int[], GroupTotals[], int, boolean) scan}. */
    void scan(int[] leaders, GroupTotals[] totals, int count) {
        scan(leaders, totals, count, false);
    }

    /**
     * Fills {@code totals[i]} with the group of {@code leaders[i]}.
     *
     * @param leaders the supervised pids, sorted ascending
     * @param count   how many of {@code leaders} and {@code totals} are in use
     * @param light   the stat lines alone (CPU, RSS, threads): no PSS, I/O or descriptors, for
     *                the usage limits; the PSS last read of each member is kept for the next
     */
    void scan(int[] leaders, GroupTotals[] totals, int count, boolean light) {
        for (int i = 0; i < count; i++) {
            totals[i].clear();
        }
        if (count == 0) {
            return;
        }
        scans++;
        pids = files.pids(pids);
        for (int k = 0; k < pids.count; k++) {
            int pid = pids.pids[k];
            if (!files.read(pid, ProcFile.STAT, text) || !stat.parse(text.bytes, text.length)) {
                continue; // ended since the listing
            }
            int g = groupOf(leaders, count, stat);
            if (g >= 0) {
                if (light) {
                    addStat(totals[g], true);
                } else {
                    add(totals[g], pid, true);
                }
            }
        }
        if (light) {
            return; // the PSS of the last full scan stays: this one read none
        }
        // Only the members of this scan are remembered: the others ended or left.
        PidLongMap seen = pssNext;
        pssNext = pss;
        pss = seen;
        pssNext.clear();
    }

    /**
     * The figures of one process alone (the daemon's own): its CPU without its children's, whose
     * time is the programs' it reaped. Its PSS too is read once every {@value #PSS_EVERY} calls:
     * a JVM maps so much address space that its {@code smaps_rollup} costs some 9 ms.
     */
    boolean single(long pid, GroupTotals into) {
        into.clear();
        if (!files.read(pid, ProcFile.STAT, text) || !stat.parse(text.bytes, text.length)) {
            return false;
        }
        add(into, pid, false);
        return true;
    }

    /** Adds the stat line's figures; false for a zombie, which has nothing more to read. */
    private boolean addStat(GroupTotals t, boolean member) {
        t.members++;
        t.userTicks += stat.utime + (member ? stat.cutime : 0);
        t.systemTicks += stat.stime + (member ? stat.cstime : 0);
        if (stat.zombie()) {
            return false;
        }
        t.processes++;
        t.threads += stat.threads;
        t.rssBytes += stat.rssPages * pageSize;
        return true;
    }

    /** The member's PSS: read now when it is new or its turn came, else the one read last. */
    private long pss(int pid) {
        long known = pss.get(pid, Long.MIN_VALUE);
        long v = known == Long.MIN_VALUE || (scans + pid) % PSS_EVERY == 0 ? readPss(pid) : known;
        pssNext.put(pid, v);
        return v;
    }

    private long singlePss(long pid) {
        if (pid != singlePid || ++singles >= PSS_EVERY) {
            singlePid = pid;
            singles = 0;
            singlePss = readPss(pid);
        }
        return singlePss;
    }

    private long readPss(long pid) {
        if (!files.read(pid, ProcFile.SMAPS_ROLLUP, text)) {
            return -1;
        }
        long kb = Ascii.labelled(text.bytes, text.length, PSS);
        return kb >= 0 ? kb * 1024 : -1;
    }

    private static int groupOf(int[] leaders, int count, StatFields s) {
        int g = Arrays.binarySearch(leaders, 0, count, s.session);
        if (g < 0) {
            g = Arrays.binarySearch(leaders, 0, count, s.pgrp);
        }
        if (g < 0) {
            g = Arrays.binarySearch(leaders, 0, count, s.pid);
        }
        return g;
    }

    /**
     * Adds the process whose stat line is in {@link #stat}: a member of a supervised group, or
     * (not {@code member}) the daemon, whose children's CPU is not its own.
     */
    private void add(GroupTotals t, long pid, boolean member) {
        if (!addStat(t, member)) {
            return; // it holds no memory, thread or descriptor; its CPU stays counted until it is reaped
        }
        t.addPss(member ? pss((int) pid) : singlePss(pid));
        if (files.read(pid, ProcFile.IO, text)) {
            t.addIo(
                    Ascii.labelled(text.bytes, text.length, READ_BYTES),
                    Ascii.labelled(text.bytes, text.length, WRITE_BYTES));
        }
        t.addOpenFiles(files.openFiles(pid));
    }
}
