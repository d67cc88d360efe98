package taskmaster.ctl;

import java.util.List;
import taskmaster.ctl.Supervisor.Prog;

/**
 * {@code list}: the original spec's view, one line a configured program (not a process) with how
 * many of its processes run: {@code web                              RUNNING   2/2 running}.
 */
final class ListCommand implements Command {

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String usage() {
        return "list";
    }

    @Override
    public String summary() {
        return "the programs in force and how many of their processes run";
    }

    @Override
    public String details() {
        return """
            One line a program of the configuration in force, in start order: its name in a column
            of 33 characters (wider for a longer name), its state in 10 (the Program bean's: the
            state all its processes share, else the most severe of theirs, in the order FATAL,
            BACKOFF, EXITED, STOPPING, STARTING, STOPPED, RUNNING), then RUNNING/NUMPROCS
            running, and ', group NAME' for a program of a [group:x]. Example:
              web                              RUNNING   2/2 running
              w1                               STOPPED   0/1 running, group workers
            Exit code: 0.\\
            """;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        if (!args.isEmpty()) {
            throw Command.usage(this);
        }
        List<Prog> programs = ctx.supervisor().programs();
        int width = 30;
        for (Prog p : programs) {
            width = Math.max(width, p.name().length());
        }
        String template = "%-" + (width + 3) + "s%-10s%d/%d running%s";
        for (Prog p : programs) {
            String group = p.group().isEmpty() || p.group().equals(p.name()) ? "" : ", group " + p.group();
            ctx.out().println(template.formatted(p.name(), p.state(), p.running(), p.numprocs(), group));
        }
        return Exit.OK;
    }
}
