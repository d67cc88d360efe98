package taskmaster.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code [group:x] programs = a,b}: which group each program belongs to. A program no group
 * lists is its own group. The group's {@code priority} is checked but orders nothing: each
 * process keeps its program's priority, as in supervisord.
 */
final class GroupTable {
    private static final List<String> KEYS = SectionKey.names(SectionKind.GROUP);

    private final Map<String, String> groupOf = new HashMap<>();

    /**
     * @param programs  every program name (event listeners too), for the unknown-program check
     * @param listeners the event listeners among them: a listener pool is its own group, as in
     *                  supervisord, whose groups take only {@code [program:x]} sections
     */
    static GroupTable build(
            List<Section> groups, Set<String> programs, Set<String> listeners, LoaderInputs inputs, Problems problems) {
        GroupTable table = new GroupTable();
        Map<String, String> names = new HashMap<>(Sources.envNames(inputs.env()));
        names.put("host_node_name", inputs.hostNodeName());
        for (Section s : groups) {
            table.add(s, programs, listeners, new ValueReader(problems, names), problems);
        }
        return table;
    }

    private void add(Section s, Set<String> programs, Set<String> listeners, ValueReader r, Problems problems) {
        String group = SectionKind.nameOf(s.name());
        try {
            Values.name(group, "group");
        } catch (InvalidValueException e) {
            problems.error(s, null, e.getMessage());
        }
        s.values().stream().filter(v -> !KEYS.contains(v.key())).forEach(v -> problems.unknownKey(v, KEYS));
        Key priority = SectionKey.PRIORITY.key();
        r.read(s.get(priority.specName()), priority.typedParser(), priority.defaultValue(Dialect.SUPERVISORD));
        Key programsKey = SectionKey.PROGRAMS.key();
        RawValue list = s.get(programsKey.specName());
        if (list == null) {
            problems.error(
                    s,
                    programsKey.specName(),
                    "is required but missing (allowed: " + programsKey.specName() + " = " + programsKey.allowed()
                            + ")");
            return;
        }
        String text = r.read(list, v -> v, "");
        for (String part : text.split(",")) {
            String program = part.strip();
            if (program.isEmpty()) {
                continue;
            }
            if (!programs.contains(program)) {
                problems.error(
                        list,
                        "unknown program '" + program + "' (allowed: "
                                + String.join(", ", programs.stream().sorted().toList()) + ")");
            } else if (listeners.contains(program)) {
                problems.error(
                        list,
                        "'" + program + "' is an event listener, which is its own group (allowed: programs of"
                                + " [program:x] or [name] sections)");
            } else if (groupOf.containsKey(program) && !groupOf.get(program).equals(group)) {
                problems.error(
                        list,
                        "program '" + program + "' is already in group '" + groupOf.get(program)
                                + "' (allowed: one group per program)");
            } else {
                groupOf.put(program, group);
            }
        }
        if (programs.contains(group) && !group.equals(groupOf.get(group))) {
            problems.error(
                    s,
                    null,
                    "group name '" + group + "' is already the name of a program"
                            + " (allowed: a name no program uses, unless the group lists that program)");
        }
    }

    String groupOf(String program) {
        return groupOf.getOrDefault(program, program);
    }
}
