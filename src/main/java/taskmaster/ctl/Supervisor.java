package taskmaster.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code taskmaster:type=Supervisor} as the commands see it: typed rows read from Jolokia's JSON.
 * Holds nothing between calls; every method is one HTTP request.
 */
public class Supervisor {

    static final String BEAN = "taskmaster:type=Supervisor";

    /** One process, as {@code Processes} lists it. {@code raw} keeps every field for {@code --json}. */
    public record Proc(String name, String program, String group, String state, long pid, String description,
                       Map<String, Object> raw) {
        public boolean running() {
            return "RUNNING".equals(state);
        }
    }

    /** One configured program, as {@code Programs} lists it. */
    public record Prog(String name, String group, int numprocs, int priority, boolean autostart, String state) {
    }

    /** What an operation did to one process. */
    public record Outcome(String name, boolean ok, String fault, String message) {
    }

    /** What a configuration change does or would do; when {@code errors} is not empty, nothing. */
    public record Diff(List<String> added, List<String> changed, List<String> removed, List<String> restarted,
                       List<String> errors) {
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

    public long pid() throws CtlException {
        return number(client.read(BEAN, "Pid"));
    }

    public List<Proc> processes() throws CtlException {
        List<Proc> out = new ArrayList<>();
        for (Map<String, Object> m : maps(client.read(BEAN, "Processes"))) {
            out.add(new Proc(str(m, "name"), str(m, "program"), str(m, "group"), str(m, "state"),
                    number(m.get("pid")), str(m, "description"), m));
        }
        return out;
    }

    public List<Prog> programs() throws CtlException {
        List<Prog> out = new ArrayList<>();
        for (Map<String, Object> m : maps(client.read(BEAN, "Programs"))) {
            out.add(new Prog(str(m, "name"), str(m, "group"), (int) number(m.get("numprocs")),
                    (int) number(m.get("priority")), Boolean.TRUE.equals(m.get("autostart")), str(m, "state")));
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

    public Diff reread() throws CtlException {
        return diff(client.exec(BEAN, "reread"));
    }

    public Diff reload() throws CtlException {
        return diff(client.exec(BEAN, "reload"));
    }

    public void shutdown() throws CtlException {
        client.exec(BEAN, "shutdown");
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
        return new Diff(strings(m.get("added")), strings(m.get("changed")), strings(m.get("removed")),
                strings(m.get("restarted")), strings(m.get("errors")));
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
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }

    static long number(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }
}
