package taskmaster.config;

import java.nio.file.Path;

/**
 * One {@code key = value} as read, before expansion, with where it came from so that any error
 * about it can name its file and line.
 *
 * @param value null when the line had no {@code =} at all
 * @param seq   reading order across all files: the larger one was read later (and wins)
 */
record RawValue(String section, String key, String value, Path file, int line, long seq) {

    /** The directory of the file that holds the value: {@code %(here)s} and the base of relative paths. */
    Path here() {
        return file.getParent();
    }
}
