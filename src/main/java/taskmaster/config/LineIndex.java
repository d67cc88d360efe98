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
    private final Map<String, Integer> keys = new HashMap<>();

    void section(String section, int line) {
        sections.putIfAbsent(section, line);
    }

    void key(String section, String key, int line) {
        keys.put(section + '\0' + key, line);
    }

    int sectionLine(String section) {
        return sections.getOrDefault(section, 0);
    }

    int keyLine(String section, String key) {
        return keys.getOrDefault(section + '\0' + key, sectionLine(section));
    }
}
