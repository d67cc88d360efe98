package taskmaster.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects errors and warnings during one load. A value is checked once per process of its
 * program, so the same error may be reported several times: sets keep one of each. It also
 * carries the load's {@link LoadBudget}, since everything that expands values reports here.
 */
final class Problems {
    private final Set<ConfigError> errors = new LinkedHashSet<>();
    private final Set<ConfigError> warnings = new LinkedHashSet<>();
    private final LoadBudget budget = new LoadBudget();

    LoadBudget budget() {
        return budget;
    }

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

    /** In reading order: file by file as they were read, then by line, so a fix goes top to bottom. */
    List<ConfigError> errors() {
        List<java.nio.file.Path> fileOrder = new ArrayList<>();
        errors.forEach(e -> {
            if (!fileOrder.contains(e.file())) {
                fileOrder.add(e.file());
            }
        });
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(java.util.Comparator.comparingInt((ConfigError e) -> fileOrder.indexOf(e.file()))
                .thenComparingInt(ConfigError::line));
        return sorted;
    }

    List<String> warnings() {
        return warnings.stream().map(ConfigError::toString).toList();
    }
}
