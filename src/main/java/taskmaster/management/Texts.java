package taskmaster.management;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.mbeans.ProcessState;

/** supervisorctl's status descriptions, and the aggregate state of a program. */
final class Texts {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.ENGLISH);
    /** Most severe first: the aggregate of differing states is the first of them in this order. */
    static final List<ProcessState> SEVERITY = List.of(
            ProcessState.FATAL,
            ProcessState.BACKOFF,
            ProcessState.EXITED,
            ProcessState.STOPPING,
            ProcessState.STARTING,
            ProcessState.STOPPED,
            ProcessState.RUNNING);

    private Texts() {}

    /**
     * RUNNING: {@code pid 4242, uptime 0:01:02}; STOPPED and never started: {@code Not started};
     * STOPPED or EXITED: {@code Nov 21 08:21 PM, exit status 3}; BACKOFF, FATAL: the spawn error;
     * STARTING, STOPPING: {@code pid 4242} (empty without a pid); then what {@link #withLifecycle}
     * adds.
     */
    static String description(ProcessSnapshot s, long uptimeMs, ZoneId zone) {
        return withLifecycle(base(s, uptimeMs, zone), s);
    }

    /**
     * Appends to a supervisorctl description what the lifecycle knows: the process's own status
     * text while it has a child ({@code pid 4242, uptime 0:01:02, serving 3 clients}; a dead
     * process's last words would be stale), then the dependencies it waits for
     * ({@code waiting for db, cache}), which stand alone instead of a bare {@code Not started}.
     */
    static String withLifecycle(String base, ProcessSnapshot s) {
        String out = base;
        if (!s.statusText().isEmpty() && s.state().isSignallable()) {
            out = join(out, s.statusText());
        }
        if (!s.waitingFor().isEmpty()) {
            String waiting = waiting(s.waitingFor());
            out = out.equals("Not started") ? waiting : join(out, waiting);
        }
        return out;
    }

    /** {@code waiting for db}, {@code waiting for db, cache}. */
    static String waiting(List<String> dependencies) {
        return "waiting for " + String.join(", ", dependencies);
    }

    /** The {@code WaitingFor} attribute: the names comma-separated, no spaces ({@code db,cache}). */
    static String waitingFor(List<String> dependencies) {
        return String.join(",", dependencies);
    }

    private static String join(String first, String then) {
        return first.isEmpty() ? then : first + ", " + then;
    }

    private static String base(ProcessSnapshot s, long uptimeMs, ZoneId zone) {
        return switch (s.state()) {
            case RUNNING -> "pid " + s.pid() + ", uptime " + uptime(uptimeMs);
            case STARTING, STOPPING -> s.pid() == 0 ? "" : "pid " + s.pid();
            case BACKOFF, FATAL ->
                s.spawnError().isEmpty() ? "Exited too quickly (process log may have details)" : s.spawnError();
            case STOPPED, EXITED -> {
                if (s.stopTime() == 0 && s.exitStatus() == null) {
                    yield "Not started";
                }
                String when = WHEN.format(Instant.ofEpochMilli(s.stopTime() != 0 ? s.stopTime() : s.startTime())
                        .atZone(zone));
                yield s.exitStatus() == null
                        ? when
                        : when + ", " + s.exitStatus().describe();
            }
        };
    }

    /**
     * {@code 0:01:02}, {@code 2 days, 3:04:05}. Built by hand, not with String.format: a full
     * status of 1000 makes 1000 of them, and the format's parsing was 5 % of such a read.
     */
    static String uptime(long ms) {
        long secs = ms / 1000;
        long days = secs / 86400;
        secs %= 86400;
        StringBuilder b = new StringBuilder(24);
        if (days != 0) {
            b.append(days).append(days == 1 ? " day, " : " days, ");
        }
        b.append(secs / 3600).append(':');
        twoDigits(b, secs / 60 % 60).append(':');
        return twoDigits(b, secs % 60).toString();
    }

    private static StringBuilder twoDigits(StringBuilder b, long v) {
        return (v < 10 ? b.append('0') : b).append(v);
    }

    /** The one state when all agree, else the most severe (see {@link #SEVERITY}); STOPPED for none. */
    static ProcessState aggregate(List<ProcessState> states) {
        if (states.isEmpty()) {
            return ProcessState.STOPPED;
        }
        for (ProcessState s : SEVERITY) {
            if (states.contains(s)) {
                return s;
            }
        }
        return states.getFirst();
    }
}
