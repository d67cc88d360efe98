package taskmaster.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import taskmaster.model.Configuration;
import taskmaster.model.ProgramSpec;

/**
 * supervisorctl's {@code update NAME…}: only the named programs or groups take their new
 * configuration; every other program keeps the one in force (and a later full reload applies the
 * rest). The result is a whole configuration, so the engine applies it like any reload.
 */
final class PartialUpdate {

    private PartialUpdate() {}

    /**
     * The configuration in force with the named programs (or the programs of the named groups)
     * taken from {@code next}: added, changed or removed as {@code next} says.
     *
     * @throws IllegalArgumentException naming the first name that is a program or group in neither
     */
    static Configuration of(Configuration current, Configuration next, Set<String> names) {
        for (String name : names) {
            if (!mentions(current, name) && !mentions(next, name)) {
                throw new IllegalArgumentException(name);
            }
        }
        Map<String, ProgramSpec> before = current.programsByName();
        Map<String, ProgramSpec> after = next.programsByName();
        Map<String, ProgramSpec> merged = new LinkedHashMap<>();
        for (String program : union(before, after)) {
            ProgramSpec old = before.get(program);
            ProgramSpec fresh = after.get(program);
            boolean selected = selects(names, old) || selects(names, fresh);
            ProgramSpec kept = selected ? fresh : old;
            if (kept != null) {
                merged.put(program, kept);
            }
        }
        return new Configuration(
                current.file(), current.files(), current.daemon(), new ArrayList<>(merged.values()), next.warnings());
    }

    private static boolean selects(Set<String> names, ProgramSpec p) {
        return p != null && (names.contains(p.name()) || names.contains(p.group()));
    }

    private static boolean mentions(Configuration c, String name) {
        return c.programs().stream()
                .anyMatch(p -> p.name().equals(name) || p.group().equals(name));
    }

    private static List<String> union(Map<String, ProgramSpec> a, Map<String, ProgramSpec> b) {
        List<String> all = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(all::add);
        return all;
    }
}
