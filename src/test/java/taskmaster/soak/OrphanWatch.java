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
 * Invariant (a): every tagged process is one of the daemon's current processes or in the process
 * group of one. The daemon's view is read before and after each /proc scan (their union), and a
 * process counts as an orphan only when it is still outside that view {@code graceMs} after it was
 * first seen outside it: a child being spawned, reaped or killed with its group is not one.
 */
final class OrphanWatch {

    private record Suspect(ProcScan.Tagged proc, double firstSeen) {
    }

    /** The daemon's current pids, or null when it could not tell. */
    interface View {
        Set<Long> pids();
    }

    private final ProcScan scan;
    private final View view;
    private final SoakTally tally;
    private final Function<ProcScan.Tagged, String> history;
    private final long daemonPid;
    private final double graceSeconds;
    private final DoubleSupplier clock;
    private final Map<String, Suspect> suspects = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private int samples;
    private int maxTagged;

    /** {@code history}: what the event log says about a suspect, for the report; {@code clock}: seconds. */
    OrphanWatch(ProcScan scan, View view, SoakTally tally, Function<ProcScan.Tagged, String> history, long daemonPid,
                long graceMs, DoubleSupplier clock) {
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
            Set<Long> pids = new HashSet<>();
            for (Map<?, ?> p : procs) {
                long pid = ((Number) p.get("pid")).longValue();
                if (pid > 0) {
                    pids.add(pid);
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
            return lines.isEmpty() ? "(nothing)"
                    : String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        };
    }

    /** One sample; call it every few hundred milliseconds. */
    void sample() {
        Set<Long> before = view.pids();
        List<ProcScan.Tagged> tagged = scan.tagged();
        Set<Long> after = view.pids();
        if (before == null || after == null) {
            return;
        }
        Set<Long> current = new HashSet<>(before);
        current.addAll(after);
        double now = clock.getAsDouble();
        samples++;
        maxTagged = Math.max(maxTagged, tagged.size());
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
                tally.violation("orphan", t + (t.ppid() == daemonPid ? " [a direct child of the daemon]" : "")
                        + " is neither a current process nor in the group of one, for "
                        + String.format("%.1f", now - s.firstSeen()) + " s; event log on it: " + history.apply(t));
            }
        }
        suspects.keySet().retainAll(seen);
    }

    int samples() {
        return samples;
    }

    int maxTagged() {
        return maxTagged;
    }
}
