package taskmaster.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static taskmaster.resources.FakeProcFiles.io;
import static taskmaster.resources.FakeProcFiles.smaps;
import static taskmaster.resources.FakeProcFiles.stat;

import org.junit.jupiter.api.Test;

/** One scan of fixed /proc texts: who belongs to which group, and what is summed and how. */
class GroupScanTest {
    private static final long PAGE = 4096;

    private static GroupTotals[] totals(int n) {
        GroupTotals[] t = new GroupTotals[n];
        for (int i = 0; i < n; i++) {
            t[i] = new GroupTotals();
        }
        return t;
    }

    @Test
    void membersAreFoundBySessionThenProcessGroupAndOthersAreLeftOut() {
        FakeProcFiles proc = new FakeProcFiles()
                // group 100: the leader, a child in its session, a child in its own process group (setpgid)
                .process(100, stat(100, "sh", 'S', 100, 100, 10, 5, 30, 7, 1, 100), smaps(400, 100), io(1, 2), 4)
                .process(101, stat(101, "a) (b", 'R', 100, 100, 20, 1, 0, 0, 3, 200), smaps(800, 300), io(10, 20), 5)
                .process(102, stat(102, "worker", 'S', 102, 100, 1, 1, 0, 0, 2, 50), smaps(200, 50), io(0, 0), 3)
                // group 200: one process
                .process(200, stat(200, "sleep", 'S', 200, 200, 0, 0, 0, 0, 1, 10), smaps(100, 20), io(0, 0), 3)
                // a process that left for a session of its own, but kept its process group: still counted
                .process(300, stat(300, "daemonish", 'S', 200, 300, 2, 0, 0, 0, 1, 10), smaps(100, 20), io(0, 0), 3)
                // someone else's process
                .process(999, stat(999, "init", 'S', 999, 999, 500, 500, 500, 500, 9, 9999), smaps(9, 9), io(9, 9), 9);
        GroupTotals[] t = totals(2);
        new GroupScan(proc, PAGE).scan(new int[] {100, 200}, t, 2);

        assertThat(t[0].processes).isEqualTo(3);
        assertThat(t[0].threads).isEqualTo(1 + 3 + 2);
        // own time and waited-for children's: user 10+30 + 20 + 1, system 5+7 + 1 + 1
        assertThat(t[0].userTicks).isEqualTo(61);
        assertThat(t[0].systemTicks).isEqualTo(14);
        assertThat(t[0].rssBytes).isEqualTo((400 + 800 + 200) * 1024L);
        assertThat(t[0].pssBytes).isEqualTo((100 + 300 + 50) * 1024L);
        assertThat(t[0].openFiles).isEqualTo(12);
        assertThat(t[0].readBytes).isEqualTo(11);
        assertThat(t[0].writeBytes).isEqualTo(22);

        assertThat(t[1].processes).isEqualTo(2);
        assertThat(t[1].userTicks).isEqualTo(2);
        assertThat(t[1].rssBytes).isEqualTo(200 * 1024L);
    }

    @Test
    void aVanishedMemberIsSkippedAndAZombieCountsOnlyItsCpu() {
        FakeProcFiles proc = new FakeProcFiles()
                .process(100, stat(100, "sh", 'S', 100, 100, 1, 1, 0, 0, 1, 10), smaps(40, 10), io(0, 0), 3)
                .process(101, stat(101, "dead", 'Z', 100, 100, 50, 5, 0, 0, 1, 0), null, null, -1);
        // 102 is listed but its files are gone (it ended between the listing and the read)
        proc.files.put(102, new java.util.TreeMap<>());
        GroupTotals[] t = totals(1);
        new GroupScan(proc, PAGE).scan(new int[] {100}, t, 1);
        assertThat(t[0].members).isEqualTo(2);
        assertThat(t[0].processes).isEqualTo(1);
        assertThat(t[0].threads).isEqualTo(1);
        assertThat(t[0].userTicks).isEqualTo(51);
        assertThat(t[0].rssBytes).isEqualTo(40 * 1024L);
    }

    @Test
    void unreadableFilesGiveMinusOneOnlyWhenNoMemberCouldBeRead() {
        // 100's smaps_rollup, io and fd are another user's; 101's are readable
        FakeProcFiles proc = new FakeProcFiles()
                .process(100, stat(100, "setuid", 'S', 100, 100, 1, 1, 0, 0, 1, 25), null, null, -1)
                .process(101, stat(101, "child", 'S', 100, 100, 1, 1, 0, 0, 1, 10), smaps(40, 10), io(7, 8), 3)
                .process(200, stat(200, "alone", 'S', 200, 200, 1, 1, 0, 0, 1, 30), null, null, -1);
        GroupTotals[] t = totals(2);
        new GroupScan(proc, PAGE).scan(new int[] {100, 200}, t, 2);
        // RSS falls back to the stat line's resident pages
        assertThat(t[0].rssBytes).isEqualTo(25 * PAGE + 40 * 1024L);
        assertThat(t[0].pssBytes).isEqualTo(10 * 1024L);
        assertThat(t[0].readBytes).isEqualTo(7);
        assertThat(t[0].openFiles).isEqualTo(3);
        assertThat(t[1].rssBytes).isEqualTo(30 * PAGE);
        assertThat(t[1].pssBytes).isEqualTo(-1);
        assertThat(t[1].readBytes).isEqualTo(-1);
        assertThat(t[1].writeBytes).isEqualTo(-1);
        assertThat(t[1].openFiles).isEqualTo(-1);
    }

    @Test
    void aGroupWhoseProcessesAllEndedIsNotFound() {
        FakeProcFiles proc = new FakeProcFiles()
                .process(200, stat(200, "other", 'S', 200, 200, 1, 1, 0, 0, 1, 30), smaps(1, 1), io(0, 0), 1);
        GroupTotals[] t = totals(1);
        new GroupScan(proc, PAGE).scan(new int[] {100}, t, 1);
        assertThat(t[0].members).isZero();
        assertThat(t[0].processes).isZero();
    }

    @Test
    void theDaemonAloneCountsNotTheTimeOfTheProgramsItReaped() {
        FakeProcFiles proc = new FakeProcFiles()
                .process(50, stat(50, "java", 'S', 50, 40, 300, 100, 9000, 9000, 40, 1), smaps(90000, 80000), io(5, 6), 60);
        GroupTotals t = new GroupTotals();
        assertThat(new GroupScan(proc, PAGE).single(50, t)).isTrue();
        assertThat(t.userTicks).isEqualTo(300);
        assertThat(t.systemTicks).isEqualTo(100);
        assertThat(t.threads).isEqualTo(40);
        assertThat(t.openFiles).isEqualTo(60);
        assertThat(t.rssBytes).isEqualTo(90000 * 1024L);
        assertThat(new GroupScan(proc, PAGE).single(51, t)).isFalse();
    }

    @Test
    void aTruncatedStatLineIsNoMember() {
        StatFields s = new StatFields();
        byte[] b = "100 (sh) S 1 100 100 0 -1 4194560 90 0 0 0 1 2".getBytes();
        assertThat(s.parse(b, b.length)).isFalse();
        byte[] none = "garbage".getBytes();
        assertThat(s.parse(none, none.length)).isFalse();
        byte[] ok = stat(7, "x", 'R', 7, 7, 1, 2, 3, 4, 5, 6).getBytes();
        assertThat(s.parse(ok, ok.length)).isTrue();
        assertThat(s.pid).isEqualTo(7);
        assertThat(s.state).isEqualTo('R');
        assertThat(s.cstime).isEqualTo(4);
        assertThat(s.threads).isEqualTo(5);
        assertThat(s.rssPages).isEqualTo(6);
    }
}
