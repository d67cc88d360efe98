package taskmaster.resources;

import java.util.Arrays;

/**
 * One walk of {@code /proc} that sums the figures of every supervised process's group: each
 * {@code /proc/PID/stat} of the system is read once, and a process belongs to the group of the
 * supervised pid that is its session (field 6), else its process group (field 5), else itself.
 * The daemon spawns every program in a session of its own, so everything a program forks is in
 * its session unless it called setsid itself. Only members are read further: {@code
 * smaps_rollup} (RSS and PSS; RSS from the stat line when it cannot be read), {@code io} and the
 * count of {@code fd}. Nothing is allocated per process but what {@link ProcFiles} needs.
 */
final class GroupScan {
    private static final byte[] RSS = Ascii.bytes("Rss:");
    private static final byte[] PSS = Ascii.bytes("Pss:");
    private static final byte[] READ_BYTES = Ascii.bytes("read_bytes:");
    private static final byte[] WRITE_BYTES = Ascii.bytes("write_bytes:");

    private final ProcFiles files;
    private final long pageSize;
    private final ProcFiles.Text text = new ProcFiles.Text();
    private final StatFields stat = new StatFields();
    private ProcFiles.Pids pids = new ProcFiles.Pids();

    GroupScan(ProcFiles files, long pageSize) {
        this.files = files;
        this.pageSize = pageSize;
    }

    /**
     * Fills {@code totals[i]} with the group of {@code leaders[i]}.
     *
     * @param leaders the supervised pids, sorted ascending
     * @param count   how many of {@code leaders} and {@code totals} are in use
     */
    void scan(int[] leaders, GroupTotals[] totals, int count) {
        for (int i = 0; i < count; i++) {
            totals[i].clear();
        }
        if (count == 0) {
            return;
        }
        pids = files.pids(pids);
        for (int k = 0; k < pids.count; k++) {
            int pid = pids.pids[k];
            if (!files.read(pid, "stat", text) || !stat.parse(text.bytes, text.length)) {
                continue; // ended since the listing
            }
            int g = groupOf(leaders, count, stat);
            if (g >= 0) {
                add(totals[g], pid, true);
            }
        }
    }

    /**
     * The figures of one process alone (the daemon's own): its CPU without its children's, whose
     * time is the programs' it reaped.
     */
    boolean single(long pid, GroupTotals into) {
        into.clear();
        if (!files.read(pid, "stat", text) || !stat.parse(text.bytes, text.length)) {
            return false;
        }
        add(into, pid, false);
        return true;
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

    /** Adds the member whose stat line is in {@link #stat}. */
    private void add(GroupTotals t, long pid, boolean withChildren) {
        t.members++;
        t.userTicks += stat.utime + (withChildren ? stat.cutime : 0);
        t.systemTicks += stat.stime + (withChildren ? stat.cstime : 0);
        if (stat.zombie()) {
            return; // it holds no memory, thread or descriptor; its CPU stays counted until it is reaped
        }
        t.processes++;
        t.threads += stat.threads;
        long rssPages = stat.rssPages;
        if (files.read(pid, "smaps_rollup", text)) {
            long rss = Ascii.labelled(text.bytes, text.length, RSS);
            t.rssBytes += rss >= 0 ? rss * 1024 : rssPages * pageSize;
            long pss = Ascii.labelled(text.bytes, text.length, PSS);
            t.addPss(pss >= 0 ? pss * 1024 : -1);
        } else {
            t.rssBytes += rssPages * pageSize;
        }
        if (files.read(pid, "io", text)) {
            t.addIo(
                    Ascii.labelled(text.bytes, text.length, READ_BYTES),
                    Ascii.labelled(text.bytes, text.length, WRITE_BYTES));
        }
        t.addOpenFiles(files.openFiles(pid));
    }
}
