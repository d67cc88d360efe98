package taskmaster.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.ProcessState;

/**
 * {@code taskmaster:type=Supervisor} as the commands see it: typed rows read from Jolokia's JSON.
 * Holds nothing between calls; every method is one HTTP request.
 */
public class Supervisor {

    static final String BEAN = ObjectNames.SUPERVISOR_NAME;

    /** One process, as {@code Processes} lists it. {@code raw} keeps every field for {@code --json}. */
    public record Proc(
            String name,
            String program,
            String group,
            String state,
            long pid,
            String description,
            Map<String, Object> raw) {
        public boolean running() {
            return ProcessState.RUNNING.name().equals(state);
        }

        /** A {@link taskmaster.mbeans.Health}'s name; NONE from a daemon that does not say. */
        public String health() {
            return raw.get("health") instanceof String h && !h.isEmpty() ? h : "NONE";
        }
    }

    /** One configured program, as {@code Programs} lists it. */
    public record Prog(
            String name, String group, int numprocs, int running, int priority, boolean autostart, String state) {}

    /** What an operation did to one process. */
    public record Outcome(String name, boolean ok, String fault, String message) {}

    /** What a configuration change does or would do; when {@code errors} is not empty, nothing. */
    public record Diff(
            List<String> added,
            List<String> changed,
            List<String> removed,
            List<String> restarted,
            List<String> errors,
            List<String> notes) {
        public Diff(
                List<String> added,
                List<String> changed,
                List<String> removed,
                List<String> restarted,
                List<String> errors) {
            this(added, changed, removed, restarted, errors, List.of());
        }

        public boolean empty() {
            return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }
    }

    private final JolokiaClient client;

    public Supervisor(JolokiaClient client) {
        this.client = client;
    }

    public JolokiaClient client() {
        return client;
    }

    public String version() throws CtlException {
        return String.valueOf(client.read(BEAN, "Version"));
    }

    /** The daemon's own state, a {@link taskmaster.mbeans.SupervisorState}'s name. */
    public String daemonState() throws CtlException {
        return String.valueOf(client.read(BEAN, "State"));
    }

    /** The daemon's main configuration file, as it was started with it. */
    public String configFile() throws CtlException {
        return String.valueOf(client.read(BEAN, "ConfigFile"));
    }

    public long pid() throws CtlException {
        return number(client.read(BEAN, "Pid"));
    }

    public List<Proc> processes() throws CtlException {
        List<Proc> out = new ArrayList<>();
        for (Map<String, Object> m : maps(client.read(BEAN, "Processes"))) {
            out.add(new Proc(
                    str(m, "name"),
                    str(m, "program"),
                    str(m, "group"),
                    str(m, "state"),
                    number(m.get("pid")),
                    str(m, "description"),
                    m));
        }
        return out;
    }

    public List<Prog> programs() throws CtlException {
        List<Prog> out = new ArrayList<>();
        for (Map<String, Object> m : maps(client.read(BEAN, "Programs"))) {
            out.add(new Prog(
                    str(m, "name"),
                    str(m, "group"),
                    (int) number(m.get("numprocs")),
                    (int) number(m.get("running")),
                    (int) number(m.get("priority")),
                    Boolean.TRUE.equals(m.get("autostart")),
                    str(m, "state")));
        }
        return out;
    }

    /** {@code start}, {@code stop} or {@code restart} of the names (joined with commas). */
    public List<Outcome> control(String verb, List<String> names) throws CtlException {
        return outcomes(client.exec(BEAN, verb, String.join(",", names)));
    }

    public List<Outcome> signal(List<String> names, String signal) throws CtlException {
        return outcomes(client.exec(BEAN, "signal", String.join(",", names), signal));
    }

    /** {@code forget} of the names: one outcome a process, and one a program whose scale override ended. */
    public List<Outcome> forget(List<String> names) throws CtlException {
        return outcomes(client.exec(BEAN, "forget", String.join(",", names)));
    }

    /** {@code scale}: one outcome a process added or removed. */
    public List<Outcome> scale(String program, int numprocs) throws CtlException {
        return outcomes(client.exec(ObjectNames.programName(program), "scale", numprocs));
    }

    /**
     * The programs an operator's scale override runs with another number of processes than the
     * files say: program name to its numprocs and the files' ({@code [now, files]}).
     */
    public Map<String, int[]> scaled() throws CtlException {
        Map<String, int[]> out = new java.util.TreeMap<>();
        for (Map<String, Object> m : maps(client.read(BEAN, "Programs"))) {
            int now = (int) number(m.get("numprocs"));
            Object files = m.get("fileNumprocs");
            if (files instanceof Number f && f.intValue() != now) {
                out.put(str(m, "name"), new int[] {now, f.intValue()});
            }
        }
        return out;
    }

    public Diff reread() throws CtlException {
        return diff(client.exec(BEAN, "reread"));
    }

    public Diff reload() throws CtlException {
        return diff(client.exec(BEAN, "reload"));
    }

    /** Applies the files to the named programs or groups only. */
    public Diff update(List<String> names) throws CtlException {
        return diff(client.exec(BEAN, "update", String.join(",", names)));
    }

    /** supervisorctl's add: one group of the files into the configuration in force. */
    public Diff addGroup(String name) throws CtlException {
        return diff(client.exec(BEAN, "addProcessGroup", name));
    }

    /** supervisorctl's remove: one stopped group out of the configuration in force. */
    public Diff removeGroup(String name) throws CtlException {
        return diff(client.exec(BEAN, "removeProcessGroup", name));
    }

    public void shutdown() throws CtlException {
        client.exec(BEAN, "shutdown");
    }

    // ---- captured output and the event log ----

    /** A piece of a log file: {@code offset}, {@code nextOffset} and {@code size} are in bytes. */
    public record Chunk(String text, long offset, long nextOffset, long size, long fileId) {}

    /** Which log a command reads: a process's stream, or the daemon's event log ({@code process} null). */
    public record Log(Proc process, String stream) {
        static Log main() {
            return new Log(null, "");
        }

        String describe() {
            return process == null ? "the event log" : process.name() + " " + stream;
        }
    }

    static String bean(Proc p) {
        return ObjectNames.processName(p.program(), p.name());
    }

    /** The last {@code bytes} of a log (the event log: {@code readLog(-bytes, bytes)}). */
    public Chunk tail(Log log, int bytes) throws CtlException {
        if (log.process() == null) {
            return read(log, -(long) bytes, bytes);
        }
        return chunk(
                client.exec(bean(log.process()), log.stream().equals("stderr") ? "tailStderr" : "tailStdout", bytes));
    }

    /** Up to {@code length} bytes of a log from a byte offset (negative for the event log: from the end). */
    public Chunk read(Log log, long offset, int length) throws CtlException {
        if (log.process() == null) {
            return chunk(client.exec(BEAN, "readLog", offset, length));
        }
        return chunk(client.exec(
                bean(log.process()), log.stream().equals("stderr") ? "readStderr" : "readStdout", offset, length));
    }

    /** {@code rotate} or {@code clearLogs} of the names: one outcome a process. */
    public List<Outcome> logs(String operation, List<String> names) throws CtlException {
        return outcomes(client.exec(BEAN, operation, String.join(",", names)));
    }

    /** Writes text to a process's stdin pipe; how many bytes it took. */
    public long sendStdin(Proc p, String text) throws CtlException {
        return number(client.exec(bean(p), "sendStdin", text));
    }

    /** The state of one process, read from its bean. */
    public String state(Proc p) throws CtlException {
        return String.valueOf(client.read(bean(p), "State"));
    }

    private static Chunk chunk(Object value) {
        Map<?, ?> m = value instanceof Map<?, ?> map ? map : Map.of();
        return new Chunk(
                str(m, "text"),
                number(m.get("offset")),
                number(m.get("nextOffset")),
                number(m.get("size")),
                number(m.get("fileId")));
    }

    private static List<Outcome> outcomes(Object value) {
        List<Outcome> out = new ArrayList<>();
        for (Map<String, Object> m : maps(value)) {
            out.add(new Outcome(str(m, "name"), Boolean.TRUE.equals(m.get("ok")), str(m, "fault"), str(m, "message")));
        }
        return out;
    }

    private static Diff diff(Object value) {
        Map<?, ?> m = value instanceof Map<?, ?> map ? map : Map.of();
        return new Diff(
                strings(m.get("added")),
                strings(m.get("changed")),
                strings(m.get("removed")),
                strings(m.get("restarted")),
                strings(m.get("errors")),
                strings(m.get("notes")));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    static List<String> strings(Object value) {
        return value instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
    }

    static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }

    static long number(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }
}
