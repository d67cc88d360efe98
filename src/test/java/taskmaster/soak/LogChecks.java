package taskmaster.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the event log shows that /proc cannot, checked once the daemon has exited. */
final class LogChecks {

    private LogChecks() {}

    /** What the event log shows that /proc cannot: spawns after SIGTERM, repeated SIGKILLs, internal errors. */
    static void all(EventLogTail log, SoakTally tally, long termAt) {
        log.poll();
        int term = log.indexOf(0, "received SIGTERM: stopping all programs");
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
        if (term < 0) {
            tally.violation("log", "no 'received SIGTERM' line in the event log");
        } else {
            // SIGTERM during a reload stops at once (it used to wait behind the reload): the shutdown begins within a
            // second.
            String line = log.matching(term, "received SIGTERM").getFirst();
            long at = java.time.LocalDateTime.parse(line.substring(0, 23), f)
                    .atZone(java.time.ZoneId.systemDefault())
                    .toInstant()
                    .toEpochMilli();
            tally.latency("sigterm-seen", at - termAt);
            if (at - termAt > 1_000) {
                tally.violation(
                        "shutdown-delayed",
                        "the shutdown began " + (at - termAt) + " ms after SIGTERM"
                                + " (sent while a reload was stopping the TERM ignorers); allowed 1000 ms");
            }
        }
        // A spawn logged after the SIGTERM line, or more than 300 ms after the signal was sent (time
        // enough for the JVM to run its handler on a busy box), came after the shutdown began.
        List<String> late = new ArrayList<>();
        List<String> all = log.matching(0, "spawned: '");
        int firstAfter = term < 0 ? Integer.MAX_VALUE : log.count(0, "spawned: '") - log.count(term, "spawned: '");
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i);
            long at = java.time.LocalDateTime.parse(line.substring(0, 23), f)
                    .atZone(java.time.ZoneId.systemDefault())
                    .toInstant()
                    .toEpochMilli();
            if (i >= firstAfter || at > termAt + 300) {
                late.add(line);
            }
        }
        if (!late.isEmpty()) {
            tally.violation(
                    "spawn-after-shutdown",
                    late.size() + " spawn(s) after SIGTERM: " + late.subList(0, Math.min(5, late.size())));
        }
        Map<String, Integer> kills = new HashMap<>();
        Pattern killed = Pattern.compile("killed: (\\S+) \\(pid (\\d+)\\)");
        for (String line : log.matching(0, "killed: ")) {
            Matcher mt = killed.matcher(line);
            if (mt.find()) {
                kills.merge(mt.group(1) + " pid " + mt.group(2), 1, Integer::sum);
            }
        }
        // One SIGKILL ends a process; a second may follow when its exit is reported late on a busy
        // box (stoptime 1 s); three or more mean the kill timer runs wild.
        kills.entrySet().stream()
                .filter(e -> e.getValue() > 2)
                .sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                .limit(10)
                .forEach(e -> tally.violation(
                        "repeated-kill", e.getKey() + " was SIGKILLed " + e.getValue() + " times for one stop"));
        transitions(log, tally);
        List<String> errors = log.matching(
                0, "^\\tat |Exception|internal error| ERROR (?!.*(config error:|" + Reloader.REFUSED + "))");
        if (!errors.isEmpty()) {
            tally.violation(
                    "log-error",
                    errors.size() + " error line(s) in the event log, first: "
                            + errors.subList(0, Math.min(5, errors.size())));
        }
    }

    /** The arcs of the README's state table; anything else in a {@code state:} line is a violation. */
    static final java.util.Set<String> ARCS = java.util.Set.of(
            "STOPPED>STARTING",
            "EXITED>STARTING",
            "EXITED>BACKOFF",
            "FATAL>STARTING",
            "BACKOFF>STARTING",
            "STARTING>RUNNING",
            "STARTING>BACKOFF",
            "STARTING>STOPPING",
            "RUNNING>EXITED",
            "RUNNING>STOPPING",
            "BACKOFF>STOPPED",
            "BACKOFF>FATAL",
            "STOPPING>STOPPED");

    /** Every {@code state: NAME FROM -> TO} line (loglevel debug) follows a documented arc. */
    private static void transitions(EventLogTail log, SoakTally tally) {
        Pattern state = Pattern.compile("state: (\\S+) (\\w+) -> (\\w+)");
        Map<String, Integer> bad = new java.util.TreeMap<>();
        Map<String, String> example = new HashMap<>();
        int parsed = 0;
        for (String line : log.matching(0, "DEBUG state: ")) {
            Matcher mt = state.matcher(line);
            if (!mt.find()) {
                continue;
            }
            parsed++;
            if (!ARCS.contains(mt.group(2) + ">" + mt.group(3))) {
                String arc = mt.group(2) + " -> " + mt.group(3);
                bad.merge(arc, 1, Integer::sum);
                example.putIfAbsent(arc, line);
            }
        }
        if (parsed == 0 || log.count(0, "spawned: '") == 0) {
            // The checks on the event log would pass on nothing: its format changed under the soak.
            tally.violation("soak", "no 'state:' or 'spawned:' lines in the event log; the soak cannot check it");
        }
        bad.forEach((arc, n) ->
                tally.violation("bad-transition", n + " transition(s) " + arc + ", first: " + example.get(arc)));
    }
}
