package taskmaster.ctl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import taskmaster.ctl.Supervisor.Outcome;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.mbeans.Fault;

/**
 * supervisorctl's wording of outcomes: {@code web:web_00: started}, {@code api: ERROR (already started)},
 * each process named as supervisorctl names it ({@link Namespec}).
 */
final class OutcomeLines {

    /** The supervisorctl names of the processes, by process name, to print outcomes with. */
    private final Map<String, String> namespecs = new HashMap<>();

    OutcomeLines(List<Proc> processes) {
        processes.forEach(p -> namespecs.put(p.name(), Namespec.of(p)));
    }

    /** {@code name: success} when it went well, else {@code name: ERROR (why)}. */
    String line(Outcome o, String success) {
        String name = namespecs.getOrDefault(o.name(), o.name());
        return o.ok() ? name + ": " + success : name + ": ERROR (" + why(o) + ")";
    }

    /** The words supervisorctl prints for a fault (its _startresult and _signalresult). */
    static String why(Outcome o) {
        return switch (Fault.parse(o.fault()).orElse(null)) {
            case ALREADY_STARTED -> "already started";
            case NOT_RUNNING -> "not running";
            case SPAWN_ERROR -> "spawn error";
            case ABNORMAL_TERMINATION -> "abnormal termination";
            case BAD_SIGNAL -> "bad signal name";
            case BAD_NAME -> "no such process";
            case FAILED -> "failed" + detail(o);
            case null, default -> o.fault().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + detail(o);
        };
    }

    private static String detail(Outcome o) {
        String m = o.message();
        return m.isEmpty() ? "" : ": " + m;
    }
}
