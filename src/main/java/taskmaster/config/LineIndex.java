package taskmaster.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Where things are in one file. ini4j reports no line numbers to its handler, so the pre-scan
 * records them: a section header's first line, and a key's last line in its section (the last
 * occurrence is the one that wins).
 */
final class LineIndex {
    private final Map<String, Integer> sections = new HashMap<>();
    /** By section, then key: asked once per value read, without building a joined key each time. */
    private final Map<String, Map<String, Integer>> keys = new HashMap<>();

    void section(String section, int line) {
        sections.putIfAbsent(section, line);
    }

    void key(String section, String key, int line) {
        keys.computeIfAbsent(section, s -> new HashMap<>()).put(key, line);
    }

    int sectionLine(String section) {
        return sections.getOrDefault(section, 0);
    }

    int keyLine(String section, String key) {
        Integer line = keys.getOrDefault(section, Map.of()).get(key);
        return line != null ? line : sectionLine(section);
    }
}
