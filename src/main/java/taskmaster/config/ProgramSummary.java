package taskmaster.config;

import java.util.List;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;

/**
 * One line per program for {@code --check-config}, e.g.
 * {@code web: 4 processes (web_00..web_03), autostart, priority 999, cmd 'python3 worker.py'}.
 */
public final class ProgramSummary {
    private ProgramSummary() {}

    public static List<String> lines(Configuration config) {
        return config.programs().stream().map(ProgramSummary::line).toList();
    }

    public static String line(ProgramSpec program) {
        List<ProcessSpec> procs = program.processes();
        ProcessSpec first = program.template();
        String names = procs.size() == 1
                ? first.name()
                : first.name() + ".." + procs.getLast().name();
        StringBuilder sb = new StringBuilder(program.name())
                .append(": ")
                .append(procs.size())
                .append(procs.size() == 1 ? " process" : " processes")
                .append(" (")
                .append(names)
                .append(")");
        if (!program.group().equals(program.name())) {
            sb.append(", group ").append(program.group());
        }
        if (program.isListener()) {
            sb.append(", event listener of ")
                    .append(String.join(
                            ",",
                            program.listener().events().stream().map(Enum::name).toList()));
        }
        sb.append(first.autostart() ? ", autostart" : ", no autostart")
                .append(", priority ")
                .append(program.priority())
                .append(", cmd '")
                .append(first.command())
                .append("'");
        return sb.toString();
    }
}
