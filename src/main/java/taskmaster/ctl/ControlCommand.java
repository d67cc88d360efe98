package taskmaster.ctl;

import java.util.List;
import taskmaster.ctl.Supervisor.Outcome;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessNames;
import taskmaster.mbeans.ProcessState;

/**
 * {@code start}, {@code stop} and {@code restart}: one line a process, {@code web_00: started} or
 * {@code web_00: ERROR (already started)}. As supervisorctl, starting a started process and stopping
 * a stopped one are reported but do not fail the command.
 */
final class ControlCommand implements Command {

    private final String verb;
    private final String summary;

    ControlCommand(String verb, String summary) {
        this.verb = verb;
        this.summary = summary;
    }

    @Override
    public String name() {
        return verb;
    }

    @Override
    public String usage() {
        return verb + " <name|group:*|all>...";
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public String details() {
        return """
            Waits until each process is %s or has failed, and prints one line for each.
            Exit code: 0 when all went well (%s), 1 when one failed
            (spawn error, abnormal termination, timeout), 4 for an unknown name.\
            """.formatted(
                        verb.equals("stop") ? ProcessState.STOPPED : ProcessState.RUNNING,
                        verb.equals("stop")
                                ? "a process that was not running counts as stopped"
                                : verb.equals("start")
                                        ? "a process already started counts as started"
                                        : "a process that was not running is started");
    }

    @Override
    public Args args() {
        return Args.NAMES;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        List<String> names = ProcessNames.split(args);
        if (names.isEmpty()) {
            throw Command.usage(this);
        }
        List<Outcome> outcomes =
                OutcomeLines.badNameAware(ctx, names, () -> ctx.supervisor().control(verb, names));
        if (outcomes == null) {
            return Exit.BAD_NAME;
        }
        int code = Exit.OK;
        for (Outcome o : outcomes) {
            ctx.out().println(OutcomeLines.line(o));
            if (!o.ok() && !benign(o.fault())) {
                code = Exit.FAILED;
            }
        }
        return code;
    }

    private boolean benign(String fault) {
        return verb.equals("start") && fault.equals(Fault.ALREADY_STARTED.name())
                || verb.equals("stop") && fault.equals(Fault.NOT_RUNNING.name());
    }
}
