package taskmaster.management;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.SupervisorState;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;

/**
 * The structs supervisord's methods return, field for field ({@code supervisor.rpcinterface}):
 * the names, the XML-RPC types (every number an {@code int}, capped as supervisord caps them) and
 * the texts, since supervisorctl prints them as they come.
 */
final class RpcStructs {

    /** supervisord's {@code strftime('%b %d %I:%M %p')} of the stop time. */
    private static final DateTimeFormatter STOPPED_AT = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.ENGLISH);

    /** supervisord's words for a start that did not last its startsecs; ours name the exit status. */
    static final String EXITED_TOO_QUICKLY = "Exited too quickly (process log may have details)";

    private RpcStructs() {}

    /** {@code supervisor.states.ProcessStates}. */
    static int code(ProcessState s) {
        return switch (s) {
            case STOPPED -> 0;
            case STARTING -> 10;
            case RUNNING -> 20;
            case BACKOFF -> 30;
            case STOPPING -> 40;
            case EXITED -> 100;
            case FATAL -> 200;
        };
    }

    /**
     * {@code supervisor.states.SupervisorStates}: supervisord has no state for a reload of its
     * files (its {@code RESTARTING} is a full restart), so RELOADING is RUNNING; SHUTTING_DOWN is
     * SHUTDOWN, which no client sees, since every call then faults with SHUTDOWN_STATE.
     */
    static Map<String, Object> state(SupervisorState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (s) {
            case RUNNING, RELOADING -> {
                m.put("statecode", 1);
                m.put("statename", "RUNNING");
            }
            case SHUTTING_DOWN -> {
                m.put("statecode", -1);
                m.put("statename", "SHUTDOWN");
            }
        }
        return m;
    }

    /** xmlrpclib's MAXINT/MININT, as supervisord's {@code capped_int}. */
    static int capped(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** supervisord's {@code spawnerr}: its words where ours say the same in others. */
    static String spawnError(String ours) {
        return ours.startsWith("Exited too quickly") ? EXITED_TOO_QUICKLY : ours;
    }

    /** A log file's path as supervisord reports it; empty for none. */
    static String logfile(Output o) {
        return switch (o) {
            case Output.ToFile f -> f.path().toString();
            case Output.Forward f -> f.fd() == 1 ? "/dev/stdout" : "/dev/stderr";
            case Output.Discard d -> "";
        };
    }

    /**
     * {@code getProcessInfo}: the fields in supervisord's order, {@code description} last, with what
     * {@link Texts#withLifecycle} adds to it (as in the Process bean's Description).
     *
     * @param s the engine's snapshot; null for a process not spawned yet (as supervisord's fresh one)
     */
    static Map<String, Object> processInfo(ProcessSpec spec, ProcessSnapshot s, long nowMs, ZoneId zone) {
        ProcessState state = s == null ? ProcessState.STOPPED : s.state();
        long start = s == null ? 0 : s.startTime() / 1000;
        long stop = s == null ? 0 : s.stopTime() / 1000;
        long now = nowMs / 1000;
        String spawnerr = s == null ? "" : spawnError(s.spawnError());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", spec.name());
        m.put("group", spec.group());
        m.put("start", capped(start));
        m.put("stop", capped(stop));
        m.put("now", capped(now));
        m.put("state", code(state));
        m.put("statename", state.name());
        m.put("spawnerr", spawnerr);
        m.put(
                "exitstatus",
                s == null || s.exitStatus() == null ? 0 : s.exitStatus().code());
        String stdout = logfile(spec.stdout());
        m.put("logfile", stdout);
        m.put("stdout_logfile", stdout);
        // supervisord never has a stderr log file when stderr is merged into stdout
        m.put("stderr_logfile", spec.redirectStderr() ? "" : logfile(spec.stderr()));
        m.put("pid", s == null ? 0 : capped(s.pid()));
        String description = description(state, start, stop, now, s == null ? 0 : s.pid(), spawnerr, spec.name(), zone);
        // supervisorctl prints the field as it comes: the status text and the dependencies waited for fit in it
        m.put("description", s == null ? description : Texts.withLifecycle(description, s));
        return m;
    }

    /** supervisord's {@code _interpretProcessInfo}, from the same whole seconds. */
    static String description(
            ProcessState state, long start, long stop, long now, long pid, String spawnerr, String name, ZoneId zone) {
        return switch (state) {
            case RUNNING -> "pid " + pid + ", uptime " + Texts.uptime(Math.max(0, now - start) * 1000);
            case FATAL, BACKOFF -> spawnerr.isEmpty() ? "unknown error (try \"tail " + name + "\")" : spawnerr;
            case STOPPED, EXITED ->
                start != 0 ? STOPPED_AT.format(Instant.ofEpochSecond(stop).atZone(zone)) : "Not started";
            case STARTING, STOPPING -> "";
        };
    }

    /** One entry of the arrays the group and "all" methods return. */
    static Map<String, Object> result(ProcessSpec p, int status, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("group", p.group());
        m.put("status", status);
        m.put("description", description);
        return m;
    }

    static Map<String, Object> ok(ProcessSpec p) {
        return result(p, RpcFaults.SUCCESS, "OK");
    }

    /**
     * {@code getAllConfigInfo}'s struct of one process. Keys for which we have no setting carry
     * supervisord's default ({@code *_capture_maxbytes} 0, {@code *_events_enabled} and
     * {@code *_syslog} false, {@code serverurl} {@code auto}); {@code group_prio} is the program's
     * priority, since we keep no priority of a {@code [group:x]} apart from its programs'.
     */
    static Map<String, Object> configInfo(ProcessSpec p, int groupPriority, boolean inUse) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("autostart", p.autostart());
        d.put("directory", p.workingDir() == null ? "none" : p.workingDir().toString());
        d.put("uid", p.user() == null ? (Object) "none" : (Object) p.user().uid());
        d.put("command", p.command());
        d.put("exitcodes", new ArrayList<Object>(new java.util.TreeSet<>(p.exitCodes())));
        d.put("group", p.group());
        d.put("group_prio", groupPriority);
        d.put("inuse", inUse);
        d.put("killasgroup", p.killAsGroup());
        d.put("name", p.name());
        d.put("process_prio", p.priority());
        d.put("redirect_stderr", p.redirectStderr());
        d.put("startretries", p.startRetries());
        d.put("startsecs", p.startSeconds());
        stream(d, "stdout", p.stdout());
        d.put("stopsignal", p.stopSignal().number());
        d.put("stopwaitsecs", p.stopSeconds());
        stream(d, "stderr", p.redirectStderr() ? Output.DISCARD : p.stderr());
        d.put("serverurl", "auto");
        return d;
    }

    private static void stream(Map<String, Object> d, String which, Output o) {
        d.put(which + "_capture_maxbytes", 0);
        d.put(which + "_events_enabled", false);
        String file = logfile(o);
        d.put(which + "_logfile", file.isEmpty() ? "none" : file);
        d.put(which + "_logfile_backups", o instanceof Output.ToFile f ? f.backups() : 0);
        d.put(which + "_logfile_maxbytes", o instanceof Output.ToFile f ? capped(f.maxBytes()) : 0);
        d.put(which + "_syslog", false);
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }
}
