package taskmaster.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Names the file behind a path (its inode), so a reader can tell that a log was rotated or reopened. */
public final class FileIds {

    private FileIds() {}

    /** The inode of {@code file}, or 0 when it does not exist or the file system has none. */
    public static long of(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }
}
