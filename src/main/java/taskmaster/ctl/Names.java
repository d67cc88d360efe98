package taskmaster.ctl;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import taskmaster.ctl.Supervisor.Proc;
import taskmaster.mbeans.ProcessNames;

/**
 * supervisorctl's names, resolved on the client for {@code status}, {@code pid}, {@code tail} and
 * {@code fg} by the grammar the daemon resolves them with for operations ({@link ProcessNames}).
 * Several may be given separated by spaces or commas.
 */
final class Names {

    /** The selected processes in the daemon's order, and the names that selected nothing. */
    record Selection(List<Proc> processes, List<String> unknown) {}

    private Names() {}

    /** What the names select; no names select every process. */
    static Selection select(List<Proc> all, List<String> names) {
        if (names.isEmpty()) {
            return new Selection(all, List.of());
        }
        ProcessNames.Selection<Proc> s = ProcessNames.select(all, Names::key, names);
        Set<Proc> chosen = Set.copyOf(s.selected());
        return new Selection(all.stream().filter(chosen::contains).toList(), s.unknown());
    }

    static ProcessNames.Key key(Proc p) {
        return new ProcessNames.Key(p.group(), p.program(), p.name());
    }

    /** Every name the console completes: processes, programs, {@code group:*}, and {@code all}. */
    static Set<String> completions(List<Proc> all) {
        Set<String> out = new TreeSet<>();
        out.add(ProcessNames.ALL);
        for (Proc p : all) {
            out.add(p.name());
            out.add(p.program());
            out.add(ProcessNames.wholeGroup(p.group()));
        }
        return out;
    }
}
