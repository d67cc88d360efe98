package taskmaster.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import taskmaster.ctl.Supervisor.Proc;

/**
 * supervisorctl's status lines: the process's supervisorctl name ({@link Namespec}) left-justified
 * in a column of 33 characters (wider when a name is longer than 30), the state in 10, then the
 * description; as supervisorctl, a state without description keeps its padding.
 *
 * <p>What supervisord has no word for follows the description, two spaces on, as {@code key=value}
 * words: {@code health=unhealthy} for a process whose health check has a verdict, and
 * {@code wanted=down(persisted)} for a wanted state kept across the daemon's restart. So a process
 * supervisord could run prints exactly supervisorctl's line, and the first two columns stay what
 * scripts split on. The long form ({@code status --long}) gives every process a health and a
 * wanted column between the state and the description instead.
 */
public final class StatusTable {

    /** What the long form's health column shows for a process without a verdict (no check, not RUNNING). */
    static final String NO_HEALTH = "-";

    private StatusTable() {}

    public static List<String> lines(List<Proc> processes) {
        String template = "%-" + (nameWidth(processes) + 3) + "s%-10s%s";
        List<String> out = new ArrayList<>();
        for (Proc p : processes) {
            out.add(template.formatted(Namespec.of(p), p.state(), withExtras(p)));
        }
        return out;
    }

    /** {@code NAME STATE HEALTH WANTED DESCRIPTION}: health {@code -} when none, wanted {@code up(config)}. */
    public static List<String> longLines(List<Proc> processes) {
        String template = "%-" + (nameWidth(processes) + 3) + "s%-10s%-11s%-16s%s";
        List<String> out = new ArrayList<>();
        for (Proc p : processes) {
            String health = p.health().equals("NONE") ? NO_HEALTH : lower(p.health());
            out.add(template.formatted(Namespec.of(p), p.state(), health, wanted(p), p.description())
                    .stripTrailing());
        }
        return out;
    }

    /** The description, then {@code health=...} and {@code wanted=...(persisted)} when there is something to say. */
    static String withExtras(Proc p) {
        List<String> extras = new ArrayList<>();
        if (!p.health().equals("NONE")) {
            extras.add("health=" + lower(p.health()));
        }
        if (p.wantedSource().equals("PERSISTED")) {
            extras.add("wanted=" + wanted(p));
        }
        if (extras.isEmpty()) {
            return p.description();
        }
        String words = String.join(" ", extras);
        return p.description().isEmpty() ? words : p.description() + "  " + words;
    }

    /** {@code up(config)}, {@code down(operator)}, {@code down(persisted)}. */
    static String wanted(Proc p) {
        return (p.wanted() ? "up" : "down") + "(" + lower(p.wantedSource()) + ")";
    }

    private static int nameWidth(List<Proc> processes) {
        int width = 30;
        for (Proc p : processes) {
            width = Math.max(width, Namespec.of(p).length());
        }
        return width;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
