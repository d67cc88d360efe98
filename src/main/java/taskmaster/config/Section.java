package taskmaster.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One section, merged over every header that names it (in one file or across included files):
 * a key given again replaces the earlier value, as supervisord's {@code strict=False} parser does.
 * The origin is the first header.
 */
final class Section {
    private final String name;
    private final Path file;
    private final int line;
    private final Map<String, RawValue> values = new LinkedHashMap<>();

    Section(String name, Path file, int line) {
        this.name = name;
        this.file = file;
        this.line = line;
    }

    void put(RawValue value) {
        values.put(value.key(), value);
    }

    String name() {
        return name;
    }

    Path file() {
        return file;
    }

    int line() {
        return line;
    }

    Collection<RawValue> values() {
        return values.values();
    }

    RawValue get(String key) {
        return values.get(key);
    }

    String origin() {
        return file + ":" + line;
    }
}
