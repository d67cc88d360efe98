package taskmaster.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The main file and everything it includes, read into one set of merged sections. Unlike
 * supervisord, which honours {@code [include]} in the main file only, included files may include
 * too (relative to their own directory); a file already read is not read again, which also stops cycles.
 */
final class Sources {
    private static final List<String> INCLUDE_KEYS = SectionKey.names(SectionKind.INCLUDE);

    private final IniReader reader;
    private final Problems problems;
    private final Map<String, String> names;
    private final List<Path> files = new ArrayList<>();
    private final Map<String, Section> sections = new LinkedHashMap<>();

    /** @param names the expansion names usable in {@code files} (host_node_name, ENV_X) */
    Sources(Problems problems, Map<String, String> names) {
        this(problems, names, name -> true);
    }

    /**
     * @param wanted the sections to read, by name; {@code [include]} is always read. The others
     *               are only scanned for where they end, and left out of {@link #sections}.
     */
    Sources(Problems problems, Map<String, String> names, Predicate<String> wanted) {
        this.problems = problems;
        this.names = names;
        this.reader = new IniReader(name -> SectionKind.of(name) == SectionKind.INCLUDE || wanted.test(name));
    }

    /** @return false when the main file could not be read at all */
    boolean read(Path main) {
        return readFile(main);
    }

    List<Path> files() {
        return files;
    }

    /** Every section except {@code [include]}, merged by name, in order of first appearance. */
    List<Section> sections() {
        return List.copyOf(sections.values());
    }

    private boolean readFile(Path file) {
        files.add(file);
        Optional<List<Section>> read = reader.read(file, problems);
        if (read.isEmpty()) {
            return false;
        }
        List<Section> includes = new ArrayList<>();
        for (Section s : read.get()) {
            if (SectionKind.of(s.name()) == SectionKind.INCLUDE) {
                includes.add(s);
            } else {
                Section merged = sections.putIfAbsent(s.name(), s);
                if (merged != null) {
                    s.values().forEach(merged::put);
                }
            }
        }
        includes.forEach(this::include);
        return true;
    }

    private void include(Section section) {
        section.values().stream()
                .filter(v -> !INCLUDE_KEYS.contains(v.key()))
                .forEach(v -> problems.unknownKey(v, INCLUDE_KEYS));
        String key = SectionKey.FILES.keyName();
        RawValue files = section.get(key);
        if (files == null) {
            problems.error(
                    section,
                    key,
                    "is required but missing (allowed: " + key + " = space-separated globs," + " relative to "
                            + section.file().getParent() + ")");
            return;
        }
        ValueReader reader = new ValueReader(problems, names);
        String patterns = reader.read(files, v -> v, "");
        for (String pattern : patterns.strip().split("\\s+")) {
            if (pattern.isEmpty()) {
                continue;
            }
            List<Path> matches;
            try {
                matches = IncludeGlob.matches(ConfigPaths.resolve(files.here(), pattern));
            } catch (InvalidValueException e) {
                problems.error(files, e.getMessage());
                continue;
            }
            if (matches.isEmpty()) {
                problems.warn(
                        files, "no file matches '" + pattern + "' (allowed: globs relative to " + files.here() + ")");
            }
            for (Path match : matches) {
                if (!this.files.contains(match)) {
                    readFile(match);
                }
            }
        }
    }

    static Map<String, String> envNames(Map<String, String> env) {
        Map<String, String> names = new HashMap<>();
        env.forEach((k, v) -> names.put("ENV_" + k, v));
        return names;
    }
}
