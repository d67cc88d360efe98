package taskmaster.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.model.SpecField;

/**
 * The difference between two configurations, process by process: supervisord diffs whole groups,
 * so changing one program restarted its neighbours and a harmless option restarted the program
 * itself. Here only a process whose launch changed is restarted ({@link SpecField} says which
 * fields are part of the launch); a change of policy only applies in place.
 */
record ConfigDiff(
        List<ProcessSpec> added,
        List<String> removed,
        List<ProcessSpec> relaunched,
        List<ProcessSpec> updatedInPlace,
        ReloadReport report) {

    static ConfigDiff between(Configuration current, Configuration next) {
        Map<String, ProcessSpec> before = byName(current);
        Map<String, ProcessSpec> after = byName(next);
        List<ProcessSpec> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<ProcessSpec> relaunched = new ArrayList<>();
        List<ProcessSpec> inPlace = new ArrayList<>();
        Set<String> changedPrograms = new TreeSet<>();
        // Once each: the map is built on every call, and asked once per process.
        Map<String, ProgramSpec> currentPrograms = current == null ? Map.of() : current.programsByName();
        Map<String, ProgramSpec> nextPrograms = next.programsByName();

        for (ProcessSpec spec : after.values()) {
            ProcessSpec old = before.get(spec.name());
            if (old == null) {
                added.add(spec);
                if (currentPrograms.containsKey(spec.program())) {
                    changedPrograms.add(spec.program());
                }
            } else if (SpecField.needsRelaunch(old, spec)) {
                relaunched.add(spec);
                changedPrograms.add(spec.program());
            } else if (!old.equals(spec)) {
                inPlace.add(spec);
                changedPrograms.add(spec.program());
            }
        }
        for (ProcessSpec old : before.values()) {
            if (!after.containsKey(old.name())) {
                removed.add(old.name());
                if (nextPrograms.containsKey(old.program())) {
                    changedPrograms.add(old.program());
                }
            }
        }
        Set<String> oldPrograms = currentPrograms.keySet();
        Set<String> newPrograms = nextPrograms.keySet();
        List<String> addedPrograms = newPrograms.stream()
                .filter(p -> !oldPrograms.contains(p))
                .sorted()
                .toList();
        List<String> removedPrograms = oldPrograms.stream()
                .filter(p -> !newPrograms.contains(p))
                .sorted()
                .toList();
        if (current != null) {
            // A pool's own settings (events, buffer_size) change no process, but the pool changed.
            currentPrograms.forEach((name, old) -> {
                ProgramSpec now = nextPrograms.get(name);
                if (now != null && !Objects.equals(old.listener(), now.listener())) {
                    changedPrograms.add(name);
                }
            });
        }
        changedPrograms.removeAll(addedPrograms);
        changedPrograms.removeAll(removedPrograms);
        List<String> restarted =
                relaunched.stream().map(ProcessSpec::name).sorted().toList();
        ReloadReport report = new ReloadReport(addedPrograms, List.copyOf(changedPrograms), removedPrograms, restarted);
        return new ConfigDiff(added, removed, relaunched, inPlace, report);
    }

    private static Map<String, ProcessSpec> byName(Configuration config) {
        Map<String, ProcessSpec> m = new LinkedHashMap<>();
        if (config != null) {
            config.processes().forEach(p -> m.put(p.name(), p));
        }
        return m;
    }
}
