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
    /** How a warning about a key supervisord ignores begins (after the key). */
    static final String TOLERATED_UNKNOWN_KEY = "unknown key, ignored as supervisord ignores it";

    private final Set<ConfigError> errors = new LinkedHashSet<>();
    private final Set<ConfigError> warnings = new LinkedHashSet<>();
    /** Unknown keys of supervisord's sections: warnings, or errors under strict, decided by {@link #settle}. */
    private final Set<Tolerated> tolerated = new LinkedHashSet<>();

    /** @param hint "did you mean 'x'?" for a likely misspelling, else the nearest known key */
    private record Tolerated(RawValue at, String hint) {}

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

    /**
     * A key supervisord ignores and we do not know: in supervisord's own sections a file it
     * accepts must load, so this is a warning unless the load is strict.
     */
    void unknownKey(RawValue at, java.util.Collection<String> known) {
        String hint = KeySuggester.nearest(at.key(), known)
                .map(k -> "did you mean '" + k + "'?")
                .orElseGet(() -> "nearest known key: '" + KeySuggester.closest(at.key(), known) + "'");
        tolerated.add(new Tolerated(at, hint));
    }

    /** Turns the tolerated unknown keys into warnings, or into errors when {@code strict}. */
    void settle(boolean strict) {
        for (Tolerated t : tolerated) {
            RawValue v = t.at();
            String hint = t.hint() + (t.hint().endsWith("?") ? " " : "; ");
            if (strict) {
                error(v, "unknown key (" + hint + "strict mode refuses the keys supervisord ignores)");
            } else {
                warn(v, TOLERATED_UNKNOWN_KEY + " (" + hint + "--strict or strict = true makes it an error)");
            }
        }
        tolerated.clear();
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    int errorCount() {
        return errors.size();
    }

    /** In reading order: file by file as they were read, then by line, so a fix goes top to bottom. */
    List<ConfigError> errors() {
        return inReadingOrder(errors);
    }

    private static List<ConfigError> inReadingOrder(Set<ConfigError> problems) {
        List<java.nio.file.Path> fileOrder = new ArrayList<>();
        problems.forEach(e -> {
            if (!fileOrder.contains(e.file())) {
                fileOrder.add(e.file());
            }
        });
        List<ConfigError> sorted = new ArrayList<>(problems);
        sorted.sort(java.util.Comparator.comparingInt((ConfigError e) -> fileOrder.indexOf(e.file()))
                .thenComparingInt(ConfigError::line));
        return sorted;
    }

    List<String> warnings() {
        return inReadingOrder(warnings).stream().map(ConfigError::toString).toList();
    }
}
