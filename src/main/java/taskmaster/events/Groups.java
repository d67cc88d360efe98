package taskmaster.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;

/**
 * The process groups of a configuration, as supervisord adds them at start: by priority (a
 * {@code [group:x]}'s is its first program's here), then by name. Each group has its processes.
 */
final class Groups {
    private Groups() {}

    static Map<String, List<String>> of(Configuration config) {
        Map<String, Integer> priority = new LinkedHashMap<>();
        Map<String, List<String>> processes = new LinkedHashMap<>();
        for (ProgramSpec p : config.programs()) {
            priority.merge(p.group(), p.priority(), Math::min);
            List<String> names = processes.computeIfAbsent(p.group(), g -> new ArrayList<>());
            p.processes().stream().map(ProcessSpec::name).forEach(names::add);
        }
        List<String> order = new ArrayList<>(processes.keySet());
        order.sort(Comparator.comparingInt((String g) -> priority.get(g)).thenComparing(g -> g));
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        order.forEach(g -> ordered.put(g, List.copyOf(processes.get(g))));
        return ordered;
    }
}
