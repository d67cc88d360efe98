package taskmaster.ctl;

import java.util.List;
import taskmaster.ctl.Supervisor.Outcome;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessNames;

/** supervisorctl's wording of outcomes: {@code web: started}, {@code web: ERROR (already started)}. */
final class OutcomeLines {

    interface Call {
        List<Outcome> call() throws CtlException;
    }

    private OutcomeLines() {}

    static String line(Outcome o) {
        if (o.ok()) {
            return o.name() + ": " + (o.message().isEmpty() ? "ok" : o.message());
        }
        String why = switch (Fault.parse(o.fault()).orElse(null)) {
            case ALREADY_STARTED -> "already started";
            case NOT_RUNNING -> "not running";
            case SPAWN_ERROR -> "spawn error" + detail(o);
            case ABNORMAL_TERMINATION -> "abnormal termination";
            case BAD_SIGNAL -> "bad signal name";
            case BAD_NAME -> "no such process";
            case null, default -> o.fault().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + detail(o);
        };
        return o.name() + ": ERROR (" + why + ")";
    }

    private static String detail(Outcome o) {
        String m = o.message();
        return m.isEmpty() ? "" : ": " + m;
    }

    /**
     * Runs an operation on names; when the daemon refuses it for an unknown name (the whole call
     * fails with BAD_NAME), prints {@code name: ERROR (no such process)} and returns null.
     */
    static List<Outcome> badNameAware(Context ctx, List<String> names, Call op) throws CtlException {
        try {
            return op.call();
        } catch (CtlException e) {
            if (!e.is(Fault.BAD_NAME)) {
                throw e;
            }
            String name = ProcessNames.quoted(e.getMessage()).orElse(String.join(",", names));
            ctx.out().println(name + ": ERROR (no such process)");
            return null;
        }
    }
}
