package taskmaster.ctl;

import java.util.List;
import taskmaster.ctl.Supervisor.Outcome;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessNames;

/** {@code forget <name|all>...}: the named processes go back to what their configuration says. */
final class ForgetCommand implements Command {

    @Override
    public String name() {
        return "forget";
    }

    @Override
    public String usage() {
        return "forget <name|group:*|all>...";
    }

    @Override
    public String summary() {
        return "give processes back to their configuration (forget starts, stops and scale)";
    }

    @Override
    public String details() {
        return """
            The daemon keeps what the operator asks (a start, a stop, a scale) across its restarts.
            forget drops it for the named processes: autostart decides again, and each starts or
            stops accordingly; a scale override of their program ends (numprocs as the files say).
            One line a process: 'name: forgotten' or 'name: nothing to forget'; one a program
            whose scale override ended. Returns once the starts and stops have begun.
            Exit code: 0, or 1 for an unknown name.\
            """;
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
        List<Proc> processes = ctx.supervisor().processes();
        OutcomeLines lines = new OutcomeLines(processes);
        int code = Exit.OK;
        for (String name : names) {
            List<Outcome> outcomes;
            try {
                outcomes = ctx.supervisor().forget(List.of(name));
            } catch (CtlException e) {
                if (!e.is(Fault.BAD_NAME)) {
                    throw e;
                }
                ctx.out().println(name + ": ERROR (no such process)");
                code = Exit.FAILED;
                continue;
            }
            for (Outcome o : outcomes) {
                ctx.out().println(lines.line(o, o.message()));
                if (!o.ok()) {
                    code = Exit.FAILED;
                }
            }
        }
        return code;
    }
}
