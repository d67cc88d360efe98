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
        return "status [-l|--json] [name|group:*|all]...";
    }

    @Override
    public String summary() {
        return "show the state of processes (all of them by default)";
    }

    @Override
    public String details() {
        return """
            One line a process, as supervisorctl prints it: its name (group:name, or name alone when
            the process bears its group's name), state, description (pid and uptime, the exit, the
            spawn error, 'waiting for db' while its dependencies are not up, the status text the
            process sent); processes in supervisord's order (by group, then name). A process with a
            health check adds its verdict, two spaces on: health=healthy, unhealthy or unknown.
            -l (--long) adds, after the description, where what is wanted of the process comes
            from, in brackets: 'wanted up by the operator' (a start since the daemon started),
            'wanted down, kept from before the restart' (a stop the daemon remembered), 'wanted
            up by its configuration' when its autostart decides; and 'scaled to N, the files say M' for a
            process of a program whose numprocs an operator changed (see scale, forget).
            --json prints a JSON array of the processes with every field the daemon gives
            (name, program, group, state, pid, description, startTime, exitStatus, restarts,
            spawnError, wanted, and the lifecycle's wantedSource, health, healthCheckedAt, healthOk,
            healthMessage, healthFailures, waitingFor, statusText; times in epoch ms).
            Exit code, supervisorctl's: 4 when a name is unknown ('name: ERROR (no such process)',
            'group: ERROR (no such group)' for group:*), then 3 when a listed process is STOPPED,
            EXITED or FATAL (so 3 wins when both happen), else 0.\
            """;
    }

    @Override
    public Args args() {
        return Args.NAMES;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        boolean json = args.contains("--json");
        boolean longForm = args.contains("-l") || args.contains("--long");
        List<String> names = ProcessNames.split(args.stream()
                .filter(a -> !a.equals("--json") && !a.equals("-l") && !a.equals("--long"))
                .toList());
        for (String n : names) {
            if (n.startsWith("-")) {
                throw Command.usage(this);
            }
        }
        List<Proc> all = new ArrayList<>(ctx.supervisor().processes());
        all.sort(Namespec.LEXICAL);
        int code = Exit.OK;
        List<Proc> matching = new ArrayList<>();
        if (names.isEmpty() || names.contains(ProcessNames.ALL)) {
            matching.addAll(all);
        } else {
            // supervisorctl's do_status: each name in turn, its error printed before the table
            for (String name : names) {
                List<Proc> found = ProcessNames.matching(all, Names::key, name);
                if (found.isEmpty()) {
                    (json ? ctx.err() : ctx.out())
                            .println(
                                    Namespec.isGroupSelector(name)
                                            ? Namespec.groupOf(name) + ": ERROR (no such group)"
                                            : name + ": ERROR (no such process)");
                    code = Exit.BAD_NAME;
                }
                found.stream().filter(p -> !matching.contains(p)).forEach(matching::add);
            }
        }
        if (json) {
            printJson(matching, ctx);
        } else if (longForm) {
            List<String> lines = StatusTable.lines(matching);
            java.util.Map<String, int[]> scaled = ctx.supervisor().scaled();
            for (int i = 0; i < lines.size(); i++) {
                ctx.out().println(lines.get(i) + intentNote(matching.get(i), scaled));
            }
        } else {
            StatusTable.lines(matching).forEach(ctx.out()::println);
        }
        if (matching.stream().anyMatch(p -> Namespec.isDown(p.state()))) {
            code = Exit.NOT_RUNNING;
        }
        return code;
    }

    /** What {@code -l} adds to a process's line: where what is wanted of it comes from, and its program's scale. */
    static String intentNote(Proc p, java.util.Map<String, int[]> scaled) {
        List<String> notes = new ArrayList<>();
        String up = Boolean.TRUE.equals(p.raw().get("wanted")) ? "up" : "down";
        switch (String.valueOf(p.raw().get("wantedSource"))) {
            case "OPERATOR" -> notes.add("wanted " + up + " by the operator");
            case "PERSISTED" -> notes.add("wanted " + up + ", kept from before the restart");
            default -> notes.add("wanted " + up + " by its configuration");
        }
        int[] s = scaled.get(p.program());
        if (s != null) {
            notes.add("scaled to " + s[0] + ", the files say " + s[1]);
        }
        return notes.isEmpty() ? "" : "  [" + String.join("; ", notes) + "]";
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
