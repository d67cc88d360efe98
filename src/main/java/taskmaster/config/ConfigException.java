package taskmaster.config;

import java.util.List;

/** A configuration could not be loaded; it carries every error found, not only the first. */
public final class ConfigException extends Exception {

    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in the configuration:\n"
                + String.join("\n", errors.stream().map(ConfigError::toString).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
