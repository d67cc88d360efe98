package taskmaster.ctl;

import java.util.ArrayList;
import java.util.List;
import taskmaster.ctl.Supervisor.Proc;

/**
 * supervisorctl's status lines: the process's supervisorctl name ({@link Namespec}) left-justified
 * in a column of 33 characters (wider when a name is longer than 30), the state in 10, then the
 * description; as supervisorctl, a state without description keeps its padding.
 */
public final class StatusTable {

    private StatusTable() {}

    public static List<String> lines(List<Proc> processes) {
        int width = 30;
        for (Proc p : processes) {
            width = Math.max(width, Namespec.of(p).length());
        }
        String template = "%-" + (width + 3) + "s%-10s%s";
        List<String> out = new ArrayList<>();
        for (Proc p : processes) {
            out.add(template.formatted(Namespec.of(p), p.state(), p.description()));
        }
        return out;
    }
}
