package taskmaster.ctl;

import java.util.List;
import taskmaster.ctl.Supervisor.Outcome;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessNames;
import taskmaster.model.Signal;

/** {@code signal <SIG> <name|group:*|all>...}: sends a signal to running processes. */
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
            SIG is a name with or without SIG (HUP, SIGUSR2) or a number (10).
            Exit code: 0 when every process was signalled, 1 when one was not running,
            2 for a bad signal name, 4 for an unknown name.\
            """;
    }

    @Override
    public Args args() {
        return Args.SIGNAL_THEN_NAMES;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        if (args.size() < 2) {
            throw Command.usage(this);
        }
        String sig = args.getFirst();
        if (Signal.parse(sig).isEmpty()) {
            throw new CtlException(
                    Fault.BAD_SIGNAL,
                    "ERROR: '" + sig + "' is not a signal (allowed: a name like HUP,"
                            + " USR1 or SIGTERM, or a number from 1 to 31)");
        }
        List<String> names = ProcessNames.split(args.subList(1, args.size()));
        List<Outcome> outcomes =
                OutcomeLines.badNameAware(ctx, names, () -> ctx.supervisor().signal(names, sig));
        if (outcomes == null) {
            return Exit.BAD_NAME;
        }
        int code = Exit.OK;
        for (Outcome o : outcomes) {
            ctx.out().println(OutcomeLines.line(o));
            if (!o.ok()) {
                code = Exit.FAILED;
            }
        }
        return code;
    }
}
