package taskmaster.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects errors and warnings during one load. A value is checked once per process of its
 * program, so the same error may be reported several times: sets keep one of each.
 */
final class Problems {
    private final Set<ConfigError> errors = new LinkedHashSet<>();
    private final Set<ConfigError> warnings = new LinkedHashSet<>();

    void error(RawValue at, String message) {
        errors.add(new ConfigError(at.file(), at.line(), at.section(), at.key(), message));
    }

    void error(Section at, String key, String message) {
        errors.add(new ConfigError(at.file(), at.line(), at.name(), key, message));
    }

    void error(Path file, int line, String section, String message) {
        errors.add(new ConfigError(file, line, section, null, message));
    }

    void warn(RawValue at, String message) {
        warnings.add(new ConfigError(at.file(), at.line(), at.section(), at.key(), message));
    }

    void warn(Section at, String message) {
        warnings.add(new ConfigError(at.file(), at.line(), at.name(), null, message));
    }

    void warn(Path file, int line, String section, String message) {
        warnings.add(new ConfigError(file, line, section, null, message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    int errorCount() {
        return errors.size();
    }

    List<ConfigError> errors() {
        return new ArrayList<>(errors);
    }

    List<String> warnings() {
        return warnings.stream().map(ConfigError::toString).toList();
    }
}
