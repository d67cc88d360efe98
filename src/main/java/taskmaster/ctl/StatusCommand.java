package taskmaster.ctl;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONWriter;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessNames;

/** {@code status [--json] [name...]}: one line a process, like supervisorctl's. */
final class StatusCommand implements Command {

    /** The order of the fields in {@code --json}: the {@link ProcessInfo} record's. */
    static final List<String> FIELDS = Arrays.stream(ProcessInfo.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toList();

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String usage() {
        return "status [--json] [name|group:*|all]...";
    }

    @Override
    public String summary() {
        return "show the state of processes (all of them by default)";
    }

    @Override
    public String details() {
        return """
            One line a process: name, state, description (pid and uptime, the exit, the spawn error).
            --json prints a JSON array of the processes with every field the daemon gives
            (name, program, group, state, pid, description, startTime, exitStatus, restarts,
            spawnError, wanted; times in epoch ms).
            Exit code: 0 when every listed process is RUNNING, 3 when one is in another state,
            4 when a name is unknown.\
            """;
    }

    @Override
    public Args args() {
        return Args.NAMES;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        boolean json = args.contains("--json");
        List<String> names = ProcessNames.split(
                args.stream().filter(a -> !a.equals("--json")).toList());
        for (String n : names) {
            if (n.startsWith("-")) {
                throw Command.usage(this);
            }
        }
        Names.Selection sel = Names.select(ctx.supervisor().processes(), names);
        if (json) {
            printJson(sel.processes(), ctx);
        } else {
            StatusTable.lines(sel.processes()).forEach(ctx.out()::println);
        }
        for (String u : sel.unknown()) {
            (json ? ctx.err() : ctx.out()).println(u + ": ERROR (no such process)");
        }
        if (!sel.unknown().isEmpty()) {
            return Exit.BAD_NAME;
        }
        return sel.processes().stream().allMatch(Proc::running) ? Exit.OK : Exit.NOT_RUNNING;
    }

    private static void printJson(List<Proc> processes, Context ctx) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Proc p : processes) {
            Map<String, Object> row = new LinkedHashMap<>();
            FIELDS.forEach(f -> row.put(f, p.raw().get(f)));
            p.raw().forEach(row::putIfAbsent);
            rows.add(row);
        }
        try {
            JSONWriter.serialize(rows, ctx.out());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ctx.out().println();
    }
}
