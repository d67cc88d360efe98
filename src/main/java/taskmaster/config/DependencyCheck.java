package taskmaster.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import taskmaster.model.ProgramSpec;

/**
 * {@code depends_on} checked once every program is known: each name must be a program or a group,
 * none may lead back to the program itself, directly or through others. Each problem is reported
 * at the {@code depends_on} line that holds it, with its value.
 */
final class DependencyCheck {

    private static final String KEY = ProgramKey.DEPENDS_ON.key().specName();

    private final Map<String, Section> sections;
    private final Set<String> known;
    private final Problems problems;
    /** Built programs by name, in the order they were read. */
    private final Map<String, ProgramSpec> programs = new java.util.LinkedHashMap<>();

    private DependencyCheck(Map<String, Section> sections, Set<String> groups, Problems problems) {
        this.sections = sections;
        this.problems = problems;
        this.known = new TreeSet<>(sections.keySet());
        known.addAll(groups);
    }

    /**
     * @param sections every program section by program name (one that failed to build still names a program)
     * @param groups   every {@code [group:x]} name
     * @param built    the programs that were built
     */
    static void check(Map<String, Section> sections, Set<String> groups, List<ProgramSpec> built, Problems problems) {
        DependencyCheck c = new DependencyCheck(sections, groups, problems);
        // By name first: a search of the built list per section would cost n^2 for n programs.
        Map<String, ProgramSpec> byName = new HashMap<>();
        for (ProgramSpec p : built) {
            byName.putIfAbsent(p.name(), p);
        }
        for (String name : sections.keySet()) {
            ProgramSpec p = byName.get(name);
            if (p != null) {
                c.programs.put(name, p);
            }
        }
        c.programs.values().forEach(c::names);
        c.cycles();
    }

    /** Unknown names, and names that are the program itself or its own group. */
    private void names(ProgramSpec p) {
        for (String n : dependsOn(p)) {
            if (!known.contains(n)) {
                error(
                        p,
                        "names " + Values.quote(n) + ", which is no program or group (allowed: names of programs or"
                                + " groups: " + String.join(", ", known) + ")");
            } else if (n.equals(p.name())) {
                error(p, "names " + Values.quote(n) + ", the program itself (allowed: other programs or groups)");
            } else if (n.equals(p.group())) {
                error(
                        p,
                        "names " + Values.quote(n) + ", the group of " + p.name() + " itself (allowed: other"
                                + " programs or groups)");
            }
        }
    }

    /** Every cycle once, found from the programs in reading order and reported where it begins. */
    private void cycles() {
        Map<String, Integer> color = new HashMap<>(); // absent: unseen, 1: on the path, 2: done
        Set<String> reported = new LinkedHashSet<>();
        for (String start : programs.keySet()) {
            visit(start, new ArrayList<>(), color, reported);
        }
    }

    private void visit(String name, List<String> path, Map<String, Integer> color, Set<String> reported) {
        Integer c = color.get(name);
        if (c != null && c == 2) {
            return;
        }
        if (c != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            // One report per cycle, whichever program it was entered from.
            if (reported.add(new TreeSet<>(cycle).toString())) {
                cycle.add(name);
                error(
                        programs.get(cycle.getFirst()),
                        "is a dependency cycle: " + String.join(" -> ", cycle)
                                + " (allowed: dependencies that never lead back to the program)");
            }
            return;
        }
        color.put(name, 1);
        path.add(name);
        for (String next : edges(programs.get(name))) {
            visit(next, path, color, reported);
        }
        path.removeLast();
        color.put(name, 2);
    }

    /** The programs {@code p} depends on: each name is a program, or every program of a group. */
    private List<String> edges(ProgramSpec p) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String n : dependsOn(p)) {
            for (ProgramSpec q : programs.values()) {
                if (!q.name().equals(p.name())
                        && (q.name().equals(n) || q.group().equals(n))) {
                    out.add(q.name());
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<String> dependsOn(ProgramSpec p) {
        return p.template().lifecycle().dependsOn();
    }

    private void error(ProgramSpec p, String message) {
        RawValue raw = sections.get(p.name()).get(KEY);
        problems.error(raw, Values.quote(raw.value()) + " " + message);
    }
}
