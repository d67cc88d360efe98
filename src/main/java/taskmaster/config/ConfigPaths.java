package taskmaster.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Paths in values. Relative ones are resolved against the directory of the file that holds
 * them, not the daemon's cwd as supervisord does, so that a configuration means the same thing
 * wherever the daemon is started from.
 */
final class ConfigPaths {
    private ConfigPaths() {}

    static Path resolve(Path here, String text) throws InvalidValueException {
        if (text.isBlank()) {
            throw new InvalidValueException(
                    "'' is not a path (allowed: an absolute path, or one relative to " + here + ")");
        }
        try {
            return here.resolve(text.strip()).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidValueException(
                    Values.quote(text) + " is not a path (allowed: " + e.getReason() + " is not)");
        }
    }

    /** A file the daemon will create or append to: its directory must exist (supervisord checks the same). */
    static Path fileToWrite(Path here, String text, String otherChoices) throws InvalidValueException {
        Path p = resolve(here, text);
        if (Files.isDirectory(p)) {
            throw new InvalidValueException(Values.quote(p.toString()) + " is a directory"
                    + " (allowed: a file in an existing directory" + otherChoices + ")");
        }
        Path parent = p.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new InvalidValueException("the directory " + Values.quote(String.valueOf(parent)) + " of "
                    + Values.quote(p.toString()) + " does not exist (allowed: a file in an existing directory"
                    + otherChoices + ")");
        }
        return p;
    }

    static Path existingDirectory(Path here, String text) throws InvalidValueException {
        Path p = resolve(here, text);
        if (!Files.isDirectory(p)) {
            throw new InvalidValueException(
                    Values.quote(p.toString()) + " is not an existing directory" + " (allowed: an existing directory)");
        }
        return p;
    }
}
