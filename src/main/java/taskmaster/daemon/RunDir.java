package taskmaster.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import taskmaster.config.RunFiles;

/** Makes sure the run folder exists and is private before any of the daemon's files go there. */
final class RunDir {

    private RunDir() {
    }

    /**
     * Creates the per-user default folder 0700 when missing; refuses a folder that others could
     * write to, since a file planted there could redirect the daemon's writes.
     */
    static void prepare(RunFiles files) throws IOException {
        Path dir = files.dir();
        if (files.isDefaultDir() && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!RunFiles.ownerOnlyWritable(dir)) {
            throw new IOException("run folder " + dir + ": must be a directory (not a link) owned by this user"
                    + " that neither its group nor others may write to (set rundir to such a folder)");
        }
    }
}
