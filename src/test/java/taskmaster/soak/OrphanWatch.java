package taskmaster.soak;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Invariant (a), both ways. Every tagged process is one of the daemon's current processes or in
 * the process group of one (else an orphan); and every current process of the daemon is a live
 * tagged process (else a ghost: an exit the daemon lost). The daemon's view is read before and
 * after each /proc scan; a process outside the union of both views is an orphan, and a pid in both
 * views but not in /proc is a ghost, only when that lasts {@code graceMs}: a child being spawned,
 * reaped or killed with its group is neither.
 */
final class OrphanWatch {

    private record Suspect(ProcScan.Tagged proc, double firstSeen) {}

    /** The daemon's current processes, pid to name; null when it could not tell. */
    interface View {
        Map<Long, String> pids();
    }

    private final ProcScan scan;
    private final View view;
    private final SoakTally tally;
    private final Function<ProcScan.Tagged, String> history;
    private final long daemonPid;
    private final double graceSeconds;
    private final DoubleSupplier clock;
    private final Map<String, Suspect> suspects = new HashMap<>();
    private final Map<String, Double> ghosts = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private int samples;
    private int maxTagged;

    /** {@code history}: what the event log says about a suspect, for the report; {@code clock}: seconds. */
    OrphanWatch(
            ProcScan scan,
            View view,
            SoakTally tally,
            Function<ProcScan.Tagged, String> history,
            long daemonPid,
            long graceMs,
            DoubleSupplier clock) {
        this.clock = clock;
        this.scan = scan;
        this.view = view;
        this.tally = tally;
        this.history = history;
        this.daemonPid = daemonPid;
        this.graceSeconds = graceMs / 1000.0;
    }

    /** The daemon's view through Jolokia's {@code Processes}, each read checked as a status read. */
    static View jolokia(SoakJolokia jolokia, SoakTally tally, long marginMs, BooleanSupplier daemonAlive) {
        return () -> {
            List<Map<?, ?>> procs = OpsClient.readProcesses(jolokia, tally, marginMs, daemonAlive, "status");
            if (procs == null) {
                return null;
            }
            OpsClient.checkSnapshot(procs, tally);
            Map<Long, String> pids = new HashMap<>();
            for (Map<?, ?> p : procs) {
                long pid = ((Number) p.get("pid")).longValue();
                if (pid > 0) {
                    pids.put(pid, p.get("name") + " (" + p.get("state") + ")");
                }
            }
            return pids;
        };
    }

    /** The event log's lines on a suspect's pid, group and parent. */
    static Function<ProcScan.Tagged, String> history(EventLogTail log) {
        return t -> {
            log.poll();
            List<String> lines = log.matching(0, "pid (" + t.pid() + "|" + t.pgid() + "|" + t.ppid() + ")\\b");
            return lines.isEmpty()
                    ? "(nothing)"
                    : String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        };
    }

    /** One sample; call it every few hundred milliseconds. */
    void sample() {
        Map<Long, String> before = view.pids();
        List<ProcScan.Tagged> tagged = scan.tagged();
        Map<Long, String> after = view.pids();
        if (before == null || after == null) {
            return;
        }
        Set<Long> current = new HashSet<>(before.keySet());
        current.addAll(after.keySet());
        double now = clock.getAsDouble();
        samples++;
        maxTagged = Math.max(maxTagged, tagged.size());
        orphans(tagged, current, now);
        ghosts(tagged, before, after, now);
    }

    private void orphans(List<ProcScan.Tagged> tagged, Set<Long> current, double now) {
        Set<Long> groups = new HashSet<>(current);
        for (ProcScan.Tagged t : tagged) {
            if (current.contains(t.pid())) {
                groups.add(t.pgid());
            }
        }
        Set<String> seen = new HashSet<>();
        for (ProcScan.Tagged t : tagged) {
            seen.add(t.key());
            if (current.contains(t.pid()) || groups.contains(t.pgid())) {
                suspects.remove(t.key());
                continue;
            }
            Suspect s = suspects.computeIfAbsent(t.key(), k -> new Suspect(t, now));
            if (now - s.firstSeen() >= graceSeconds && reported.add(t.key())) {
                tally.violation(
                        "orphan",
                        t + (t.ppid() == daemonPid ? " [a direct child of the daemon]" : "")
                                + " is neither a current process nor in the group of one, for "
                                + String.format("%.1f", now - s.firstSeen()) + " s; event log on it: "
                                + history.apply(t));
            }
        }
        suspects.keySet().retainAll(seen);
    }

    private void ghosts(List<ProcScan.Tagged> tagged, Map<Long, String> before, Map<Long, String> after, double now) {
        Set<Long> alive = new HashSet<>();
        tagged.forEach(t -> alive.add(t.pid()));
        Set<String> seen = new HashSet<>();
        for (Map.Entry<Long, String> e : after.entrySet()) {
            long pid = e.getKey();
            // Current in both views (so not just spawned) and the same process in both.
            String name = nameOf(e.getValue());
            if (alive.contains(pid)
                    || before.get(pid) == null
                    || !nameOf(before.get(pid)).equals(name)) {
                continue;
            }
            String key = "ghost " + name + " pid " + pid;
            seen.add(key);
            double first = ghosts.computeIfAbsent(key, k -> now);
            if (now - first >= graceSeconds && reported.add(key)) {
                tally.violation(
                        "ghost",
                        "the daemon shows " + e.getValue() + " with pid " + pid
                                + ", but no such tagged process is alive, for " + String.format("%.1f", now - first)
                                + " s");
            }
        }
        ghosts.keySet().retainAll(seen);
    }

    private static String nameOf(String nameAndState) {
        return nameAndState.replaceFirst(" \\(.*", "");
    }

    int samples() {
        return samples;
    }

    int maxTagged() {
        return maxTagged;
    }
}
