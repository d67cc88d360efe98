package taskmaster.ctl;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import taskmaster.ctl.Supervisor.Diff;
import taskmaster.ctl.Supervisor.Prog;

/**
 * {@code avail}: every configured program, in use (running under the daemon's current
 * configuration) or available (in the files, not yet applied), with auto/manual and priority.
 */
final class AvailCommand implements Command {

    @Override
    public String name() {
        return "avail";
    }

    @Override
    public String usage() {
        return "avail";
    }

    @Override
    public String summary() {
        return "list the configured programs, in use or not";
    }

    @Override
    public String details() {
        return """
            One line a program: name, 'in use' (in the configuration in force) or 'avail' (in the
            files but not applied yet: see reread and update), auto or manual start, priority.\
            """;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        if (!args.isEmpty()) {
            throw Command.usage(this);
        }
        List<Prog> programs = ctx.supervisor().programs();
        Set<String> available = new TreeSet<>();
        try {
            Diff d = ctx.supervisor().reread();
            available.addAll(d.added());
        } catch (CtlException e) {
            if (e.exitCode() == Exit.UNREACHABLE) {
                throw e;
            }
            // the files do not load: show what is in use
        }
        for (Prog p : programs) {
            ctx.out()
                    .println(line(
                            p.name(), "in use", p.autostart() ? "auto" : "manual", Integer.toString(p.priority())));
        }
        for (String name : available) {
            ctx.out().println(line(name, "avail", "", ""));
        }
        return Exit.OK;
    }

    static String line(String name, String inUse, String auto, String priority) {
        return "%-32s %-9s %-9s %s".formatted(name, inUse, auto, priority).stripTrailing();
    }
}
