package taskmaster.ctl;

import java.util.ArrayList;
import java.util.List;
import taskmaster.ctl.Supervisor.Proc;

/**
 * supervisorctl's status lines: the name left-justified in a column of 33 characters (wider when a
 * name is longer than 30), the state in 10, then the description, with no trailing padding.
 */
public final class StatusTable {

    private StatusTable() {}

    public static List<String> lines(List<Proc> processes) {
        int width = 30;
        for (Proc p : processes) {
            width = Math.max(width, p.name().length());
        }
        String template = "%-" + (width + 3) + "s%-10s%s";
        List<String> out = new ArrayList<>();
        for (Proc p : processes) {
            out.add(template.formatted(p.name(), p.state(), p.description()).stripTrailing());
        }
        return out;
    }
}
