package taskmaster.ctl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import taskmaster.config.ConfigException;
import taskmaster.config.ConfigLoader;
import taskmaster.ctl.Supervisor.Diff;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.ctl.Supervisor.Prog;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;

/**
 * {@code avail}: supervisorctl's, one line a configured process, in use (in the daemon's current
 * configuration) or available (in the files, not applied yet), auto or manual, and its priority.
 */
final class AvailCommand implements Command {

    private record Row(int priority, String group, String name, boolean inUse, String autostart) {}

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
        return "list the configured processes, in use or not";
    }

    @Override
    public String details() {
        return """
            One line a process, as supervisorctl prints it: its name (group:name), 'in use' (in the
            configuration in force) or 'avail' (in the files but not applied yet: see reread,
            add and update), auto or manual start, and PRIORITY:PRIORITY (supervisord's group
            and process priorities; here the program's priority twice, which differs from
            supervisord's only for a [group:x] with a priority of its own). The settings of an
            available program are read from the daemon's configuration file, when this client
            can read it.\\
            """;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        if (!args.isEmpty()) {
            ctx.out().println("Error: avail accepts no arguments");
            ctx.out().println(usage());
            return Exit.FAILED;
        }
        Supervisor sup = ctx.supervisor();
        Map<String, Prog> programs = new HashMap<>();
        sup.programs().forEach(p -> programs.put(p.name(), p));
        List<Row> rows = new ArrayList<>();
        for (Proc p : sup.processes()) {
            Prog prog = programs.get(p.program());
            rows.add(new Row(
                    prog == null ? 0 : prog.priority(),
                    p.group(),
                    p.name(),
                    true,
                    prog != null && prog.autostart() ? "auto" : "manual"));
        }
        List<String> available = List.of();
        try {
            Diff d = sup.reread();
            available = d.added();
        } catch (CtlException e) {
            if (e.exitCode() == Exit.UNREACHABLE) {
                throw e;
            }
            // the files do not load: show what is in use
        }
        if (!available.isEmpty()) {
            Map<String, ProgramSpec> files = filePrograms(sup);
            for (String name : available) {
                ProgramSpec spec = files.get(name);
                if (spec == null) {
                    rows.add(new Row(0, name, name, false, ""));
                    continue;
                }
                for (ProcessSpec ps : spec.processes()) {
                    rows.add(new Row(
                            spec.priority(), spec.group(), ps.name(), false, ps.autostart() ? "auto" : "manual"));
                }
            }
        }
        rows.sort(
                Comparator.comparingInt(Row::priority).thenComparing(Row::group).thenComparing(Row::name));
        for (Row r : rows) {
            String priority = r.autostart().isEmpty() ? "" : r.priority() + ":" + r.priority();
            ctx.out()
                    .println(line(
                            Namespec.of(r.group(), r.name()), r.inUse() ? "in use" : "avail", r.autostart(), priority));
        }
        return Exit.OK;
    }

    /** The programs of the daemon's files as this client reads them; none when it cannot. */
    private static Map<String, ProgramSpec> filePrograms(Supervisor sup) {
        Map<String, ProgramSpec> out = new HashMap<>();
        try {
            new ConfigLoader().load(Path.of(sup.configFile())).programs().forEach(p -> out.put(p.name(), p));
        } catch (ConfigException | CtlException | RuntimeException e) {
            // another host's file, or one this user may not read: the names alone
        }
        return out;
    }

    static String line(String name, String inUse, String auto, String priority) {
        return "%-32s %-9s %-9s %s".formatted(name, inUse, auto, priority).stripTrailing();
    }
}
