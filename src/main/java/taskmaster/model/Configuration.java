package taskmaster.model;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded, valid configuration: immutable, so a reload swaps it whole.
 *
 * @param file     the main configuration file (absolute)
 * @param files    every file read, the main one first, then the includes
 * @param warnings things that were accepted but deserve a word (ignored sections, ...)
 */
public record Configuration(
        Path file, List<Path> files, DaemonSettings daemon, List<ProgramSpec> programs, List<String> warnings) {

    public Configuration {
        files = List.copyOf(files);
        programs = programs.stream()
                .sorted(Comparator.comparingInt(ProgramSpec::priority).thenComparing(ProgramSpec::name))
                .toList();
        warnings = List.copyOf(warnings);
    }

    /** Every process of every program, in start order (ascending priority, then name). */
    public List<ProcessSpec> processes() {
        return programs.stream()
                .flatMap(p -> p.processes().stream())
                .sorted(Comparator.comparingInt(ProcessSpec::priority).thenComparing(ProcessSpec::name))
                .toList();
    }

    public Map<String, ProgramSpec> programsByName() {
        Map<String, ProgramSpec> m = new LinkedHashMap<>();
        programs.forEach(p -> m.put(p.name(), p));
        return m;
    }
}
