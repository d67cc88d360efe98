package taskmaster.config;

import java.nio.file.Path;

/**
 * One problem found in a configuration file, printed as a single greppable line:
 * {@code FILE:LINE: [section] key: what is wrong (what is allowed)}. Warnings use the same shape.
 *
 * @param file    the file it is in
 * @param line    its 1-based line; 0 when the problem is about the whole file
 * @param section the section name without brackets; null when outside any section
 * @param key     the key as written (lower case); null for a section-level problem
 * @param message what is wrong, then what is allowed in parentheses
 */
public record ConfigError(Path file, int line, String section, String key, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (section != null) {
            sb.append('[').append(section).append("] ");
        }
        if (key != null) {
            sb.append(key).append(": ");
        }
        return sb.append(message).toString();
    }
}
