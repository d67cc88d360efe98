package taskmaster.os;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import taskmaster.engine.SpawnException;

/**
 * Finds the executable of a command before spawning, like execvp would, so a typo reads
 * "can't find command 'foo'" instead of a bare ENOENT from the child.
 *
 * <p>A command found on the PATH is remembered for {@value #REMEMBER_MS} ms. A burst of a thousand
 * spawns of {@code sleep} with a PATH of nine entries made seven failed stats each before
 * {@code /usr/bin/sleep}: 13 % of the loop's time while they spawned. Only a hit is remembered, so
 * a program installed after a "can't find command" is found at its next start; a file removed
 * within the second after it was found fails in posix_spawn instead, with the kernel's ENOENT,
 * which is still a spawn error of that program.
 */
final class CommandResolver {
    static final String DEFAULT_PATH = "/bin:/usr/bin:/usr/local/bin";
    static final String NOT_FOUND = "can't find command '%s'";
    static final String NOT_EXECUTABLE = "command '%s' is not executable";
    static final long REMEMBER_MS = 1000;
    /** Distinct commands remembered at most; past it the memory starts afresh. */
    static final int REMEMBER_MAX = 4096;

    private record Key(String command, String searchPath, Path base) {}

    private record Found(Path file, long until) {}

    private final LongSupplier nanoTime;
    /** Spawns may come from more than the loop's thread (a test's, a listener's start). */
    private final Map<Key, Found> found = new ConcurrentHashMap<>();

    CommandResolver() {
        this(System::nanoTime);
    }

    CommandResolver(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * @param command    argv[0] as configured
     * @param searchPath the PATH to search (the child's, else the daemon's); null means {@link #DEFAULT_PATH}
     * @param base       what relative paths are relative to: the program's working directory,
     *                   where the exec happens, or null for the daemon's
     * @return the absolute path to exec
     */
    Path resolve(String command, String searchPath, Path base) throws SpawnException {
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
        String path = searchPath != null ? searchPath : DEFAULT_PATH;
        Key key = new Key(command, path, dir);
        long now = nanoTime.getAsLong();
        Found hit = found.get(key);
        if (hit != null && now - hit.until() < 0) {
            return hit.file();
        }
        Path file = search(command, path, dir);
        if (found.size() >= REMEMBER_MAX) {
            found.clear();
        }
        found.put(key, new Found(file, now + TimeUnit.MILLISECONDS.toNanos(REMEMBER_MS)));
        return file;
    }

    private static Path search(String command, String path, Path dir) throws SpawnException {
        Path notExecutable = null;
        for (String entry : path.split(":")) {
            // An empty entry means "the current directory" to execvp; a daemon should not
            // run whatever happens to lie in its working directory, so it is skipped.
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = dir.resolve(entry).resolve(command).normalize();
            // One stat per candidate: most of them miss.
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
                if (notExecutable == null) {
                    notExecutable = candidate;
                }
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
