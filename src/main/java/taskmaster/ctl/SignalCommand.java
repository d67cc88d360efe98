package taskmaster.ctl;

import java.util.List;
import taskmaster.ctl.Supervisor.Outcome;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessNames;
import taskmaster.model.Signal;

/**
 * {@code signal <SIG> <name|group:*|all>...}: sends a signal to running processes, as
 * supervisorctl does: each name in turn, one line a process, supervisorctl's exit status.
 */
final class SignalCommand implements Command {

    @Override
    public String name() {
        return "signal";
    }

    @Override
    public String usage() {
        return "signal <SIG> <name|group:*|all>...";
    }

    @Override
    public String summary() {
        return "send a signal (HUP, USR1, 10, ...) to processes";
    }

    @Override
    public String details() {
        return """
            SIG is a name with or without SIG (HUP, SIGUSR2) or a number (10). One line a
            process: 'name: signalled', 'name: ERROR (not running)', 'name: ERROR (bad signal name)'.
            A group:*, all or a program leaves out the processes that are not running.
            Exit code, supervisorctl's: 0 when every process was signalled, 7 when one was not
            running, 1 for a bad signal name, an unknown name or a missing argument.\\
            """;
    }

    @Override
    public Args args() {
        return Args.SIGNAL_THEN_NAMES;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        if (args.size() < 2) {
            ctx.out().println("Error: signal requires a signal name and a process name");
            ctx.out().println(usage());
            return Exit.FAILED;
        }
        String sig = args.getFirst();
        List<String> names = ProcessNames.split(args.subList(1, args.size()));
        List<Proc> processes = ctx.supervisor().processes();
        OutcomeLines lines = new OutcomeLines(processes);
        ExitStatus status = new ExitStatus();
        boolean badSignal = Signal.parse(sig).isEmpty();
        for (String name : names.contains(ProcessNames.ALL) ? List.of(ProcessNames.ALL) : names) {
            boolean several = name.equals(ProcessNames.ALL) || ControlCommand.selectsSeveral(name, processes);
            List<Outcome> outcomes;
            try {
                outcomes =
                        badSignal ? refused(processes, name) : ctx.supervisor().signal(List.of(name), sig);
            } catch (CtlException e) {
                if (!e.is(Fault.BAD_NAME)) {
                    throw e;
                }
                ctx.out()
                        .println(
                                (Namespec.isGroupSelector(name)
                                        ? Namespec.groupOf(name) + ": ERROR (no such group)"
                                        : name + ": ERROR (no such process)"));
                status.set(Exit.FAILED);
                continue;
            }
            if (name.equals(ProcessNames.ALL)) {
                outcomes = ControlCommand.inSupervisordOrder(outcomes, processes, ctx.supervisor());
            }
            for (Outcome o : outcomes) {
                if (several && o.fault().equals(Fault.NOT_RUNNING.name())) {
                    continue;
                }
                ctx.out().println(lines.line(o, "signalled"));
                status.fault(o.fault(), null);
            }
        }
        return status.code();
    }

    /**
     * A signal this system does not know: supervisord answers BAD_SIGNAL for each process the name
     * selects (BAD_NAME first, for a name that selects none); so does this, without a request.
     */
    private static List<Outcome> refused(List<Proc> processes, String name) throws CtlException {
        List<Proc> selected = ProcessNames.matching(processes, Names::key, name);
        if (selected.isEmpty()) {
            throw new CtlException(Fault.BAD_NAME, ProcessNames.unknown(name));
        }
        return selected.stream()
                .map(p -> new Outcome(p.name(), false, Fault.BAD_SIGNAL.name(), "bad signal name"))
                .toList();
    }
}
