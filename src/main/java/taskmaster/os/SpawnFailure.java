package taskmaster.os;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Words for a failed posix_spawn. It returns one errno for the whole sequence (file actions,
 * then exec), so the step is found again by checking the request's paths in the order the child
 * used them: the first that cannot work is the one that failed; if they all look fine, the exec did.
 */
final class SpawnFailure {
    static final String OPEN = "couldn't open %s: %s";
    static final String CHDIR = "couldn't chdir to %s: %s";
    static final String EXEC = "couldn't exec %s: %s";
    static final String FORK = "couldn't spawn %s: %s";

    private SpawnFailure() {}

    static String describe(int errno, SpawnRequest request) {
        String why = Errno.describe(errno);
        for (SpawnRequest.FileAction action : request.fileActions()) {
            switch (action) {
                case SpawnRequest.Open o
                when !canOpen(Path.of(o.path()), o.flags()) -> {
                    return OPEN.formatted(o.path(), why);
                }
                case SpawnRequest.Chdir c
                when !canEnter(Path.of(c.dir())) -> {
                    return CHDIR.formatted(c.dir(), why);
                }
                default -> {}
            }
        }
        if (errno == Errno.EAGAIN) {
            // The clone itself failed (process limit): nothing about the file.
            return FORK.formatted(request.path(), why);
        }
        return EXEC.formatted(request.path(), why);
    }

    private static boolean canOpen(Path path, int flags) {
        if (Files.isDirectory(path)) {
            return false;
        }
        if ((flags & SpawnRequest.O_WRONLY) == 0) {
            return Files.isReadable(path);
        }
        if (Files.exists(path)) {
            return Files.isWritable(path);
        }
        Path parent = path.toAbsolutePath().getParent();
        return parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
    }

    private static boolean canEnter(Path dir) {
        return Files.isDirectory(dir) && Files.isExecutable(dir);
    }
}
