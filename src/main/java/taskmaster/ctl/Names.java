package taskmaster.ctl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import taskmaster.ctl.Supervisor.Proc;

/**
 * supervisorctl's names, resolved on the client for {@code status} and {@code pid} the way the
 * daemon resolves them for operations: {@code all}, a process, a program or group (all its
 * processes), {@code group:*}, {@code group:} or {@code group:name}. Several may be given
 * separated by spaces or commas.
 */
final class Names {

    /** The selected processes in the daemon's order, and the names that selected nothing. */
    record Selection(List<Proc> processes, List<String> unknown) {
    }

    private Names() {
    }

    static List<String> split(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            for (String s : a.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    static Selection select(List<Proc> all, List<String> names) {
        if (names.isEmpty()) {
            return new Selection(all, List.of());
        }
        Set<Proc> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            List<Proc> found = all.stream().filter(p -> matches(p, name)).toList();
            if (found.isEmpty()) {
                unknown.add(name);
            }
            chosen.addAll(found);
        }
        return new Selection(all.stream().filter(chosen::contains).toList(), unknown);
    }

    static boolean matches(Proc p, String name) {
        if (name.equals("all") || name.equals(p.name())) {
            return true;
        }
        int colon = name.indexOf(':');
        if (colon < 0) {
            return name.equals(p.program()) || name.equals(p.group());
        }
        String group = name.substring(0, colon);
        String member = name.substring(colon + 1);
        return (group.equals(p.group()) || group.equals(p.program()))
                && (member.isEmpty() || member.equals("*") || member.equals(p.name()));
    }

    /** Every name the console completes: processes, programs, {@code group:*}, and {@code all}. */
    static Set<String> completions(List<Proc> all) {
        Set<String> out = new TreeSet<>();
        out.add("all");
        for (Proc p : all) {
            out.add(p.name());
            out.add(p.program());
            out.add(p.group() + ":*");
        }
        return out;
    }
}
