package taskmaster.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.model.Scale;

/**
 * The operator's numprocs overrides ({@code scale PROGRAM N}) against the configurations: what a
 * scale applies, which overrides a reload ends, and what {@code reread} says of them.
 */
final class Scaling {

    private Scaling() {}

    /**
     * The configuration in force with only {@code program}'s processes changed to those of
     * {@code built} (the program as the files build it for the new count): processes that stay
     * keep the spec they run with, so nothing but the added and removed ones is touched; the
     * files' other changes wait for a reload.
     */
    static Configuration apply(Configuration current, ProgramSpec built) {
        ProgramSpec now = current.programsByName().get(built.name());
        Map<String, ProcessSpec> running = now.processes().stream()
                .collect(Collectors.toMap(ProcessSpec::name, p -> p, (a, b) -> a, LinkedHashMap::new));
        List<ProcessSpec> processes = new ArrayList<>();
        for (ProcessSpec p : built.processes()) {
            processes.add(running.getOrDefault(p.name(), p));
        }
        ProgramSpec next = new ProgramSpec(
                now.name(), now.group(), now.priority(), processes, now.origin(), now.listener(), built.fileNumprocs());
        List<ProgramSpec> programs = new ArrayList<>();
        for (ProgramSpec p : current.programs()) {
            programs.add(p.name().equals(next.name()) ? next : p);
        }
        return new Configuration(current.file(), current.files(), current.daemon(), programs, current.warnings());
    }

    /**
     * The overrides {@code next} ends, with the reason, by program name: its program is no longer
     * configured, or its files now say another numprocs than when the operator scaled (theirs wins).
     */
    static Map<String, String> ended(Map<String, Scale> scales, Configuration next) {
        Map<String, ProgramSpec> programs = next.programsByName();
        Map<String, String> ended = new TreeMap<>();
        scales.forEach((name, s) -> {
            ProgramSpec p = programs.get(name);
            if (p == null) {
                ended.put(name, "no longer configured");
            } else if (p.fileNumprocs() != s.fileNumprocs()) {
                ended.put(
                        name,
                        "the files' numprocs changed from " + s.fileNumprocs() + " to " + p.fileNumprocs()
                                + "; the override of " + s.numprocs() + " processes gives way to it");
            }
        });
        return ended;
    }

    /** What {@code reread} says of each override, against the files as they are now. */
    static List<String> notes(Map<String, Scale> scales, Configuration files) {
        Map<String, String> ended = ended(scales, files);
        List<String> notes = new ArrayList<>();
        new TreeMap<>(scales).forEach((name, s) -> {
            String end = ended.get(name);
            notes.add(
                    end == null
                            ? name + ": scaled to " + s.numprocs() + " processes (the files say numprocs = "
                                    + s.fileNumprocs() + "); kept across reloads while they do"
                            : name + ": scaled to " + s.numprocs() + " processes, but " + end + " at the next reload");
        });
        return notes;
    }

    /** The programs the process names belong to, in {@code config}. */
    static Set<String> programsOf(Configuration config, List<String> processes) {
        Set<String> names = Set.copyOf(processes);
        return config.processes().stream()
                .filter(p -> names.contains(p.name()))
                .map(ProcessSpec::program)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
