package taskmaster.ctl;

import java.util.List;
import taskmaster.ctl.Supervisor.Outcome;

/** {@code scale <program> N}: runs N processes of one program, touching none of the others. */
final class ScaleCommand implements Command {

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public String usage() {
        return "scale <program> <N>";
    }

    @Override
    public String summary() {
        return "run N processes of a program from now on (adds or removes only those)";
    }

    @Override
    public String details() {
        return """
            Adds or removes processes of one program, built as its files build them for N
            (process_name, %(process_num)...); the other processes keep running untouched, and
            the highest numbers are removed first. The override is kept across reloads and
            daemon restarts until the files' numprocs changes (then theirs wins); reread and
            status -l show it, forget ends it. One line a process: 'name: added', 'name: removed'.
            Exit code: 0; 1 for an unknown program, N out of numprocs' range, or files with errors.\
            """;
    }

    @Override
    public Args args() {
        return Args.PROGRAMS;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        if (args.size() != 2) {
            throw Command.usage(this);
        }
        int n;
        try {
            n = Integer.parseInt(args.get(1));
        } catch (NumberFormatException e) {
            throw new CtlException(
                    CtlException.USAGE, "'" + args.get(1) + "' is not a number of processes; usage: " + usage());
        }
        String program = args.getFirst();
        if (ctx.supervisor().programs().stream().noneMatch(p -> p.name().equals(program))) {
            ctx.out().println(program + ": ERROR (no such program)");
            return Exit.FAILED;
        }
        for (Outcome o : ctx.supervisor().scale(program, n)) {
            ctx.out().println(o.name() + ": " + o.message());
        }
        return Exit.OK;
    }
}
