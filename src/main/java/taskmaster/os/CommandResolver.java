package taskmaster.os;

import java.nio.file.Files;
import java.nio.file.Path;
import taskmaster.engine.SpawnException;

/**
 * Finds the executable of a command before spawning, like execvp would, so a typo reads
 * "can't find command 'foo'" instead of a bare ENOENT from the child.
 */
final class CommandResolver {
    static final String DEFAULT_PATH = "/bin:/usr/bin:/usr/local/bin";
    static final String NOT_FOUND = "can't find command '%s'";
    static final String NOT_EXECUTABLE = "command '%s' is not executable";

    private CommandResolver() {}

    /**
     * @param command    argv[0] as configured
     * @param searchPath the PATH to search (the child's, else the daemon's); null means {@link #DEFAULT_PATH}
     * @param base       what relative paths are relative to: the program's working directory,
     *                   where the exec happens, or null for the daemon's
     * @return the absolute path to exec
     */
    static Path resolve(String command, String searchPath, Path base) throws SpawnException {
        Path dir = base != null ? base : Path.of("").toAbsolutePath();
        if (command.contains("/")) {
            Path file = dir.resolve(command).normalize();
            if (!Files.exists(file)) {
                throw new SpawnException(NOT_FOUND.formatted(command));
            }
            if (!isExecutableFile(file)) {
                throw new SpawnException(NOT_EXECUTABLE.formatted(file));
            }
            return file;
        }
        Path notExecutable = null;
        String path = searchPath != null ? searchPath : DEFAULT_PATH;
        for (String entry : path.split(":")) {
            // An empty entry means "the current directory" to execvp; a daemon should not
            // run whatever happens to lie in its working directory, so it is skipped.
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = dir.resolve(entry).resolve(command).normalize();
            if (isExecutableFile(candidate)) {
                return candidate;
            }
            if (notExecutable == null && Files.isRegularFile(candidate)) {
                notExecutable = candidate;
            }
        }
        if (notExecutable != null) {
            throw new SpawnException(NOT_EXECUTABLE.formatted(notExecutable));
        }
        throw new SpawnException(NOT_FOUND.formatted(command));
    }

    private static boolean isExecutableFile(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }
}
