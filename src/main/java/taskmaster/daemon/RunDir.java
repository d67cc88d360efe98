package taskmaster.daemon;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import taskmaster.config.RunFiles;

/** Makes sure the run folder exists and is private before any of the daemon's files go there. */
final class RunDir {

    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    private static final int STICKY = 01000;
    private static final int GROUP_OR_OTHER_WRITE = 0022;

    private RunDir() {}

    /**
     * Creates the per-user default folder (and its missing parents) 0700 when missing, whatever the
     * umask; refuses a folder that others could write to, or could replace because a folder above
     * it is theirs or writable by them without the sticky bit: a file planted there could redirect
     * the daemon's writes or point taskmasterctl at another server.
     */
    static void prepare(RunFiles files) throws IOException {
        Path dir = files.dir().toAbsolutePath();
        if (files.isDefaultDir() && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Deque<Path> missing = new ArrayDeque<>();
            for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
                missing.push(p);
            }
            for (Path p : missing) {
                try {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PRIVATE));
                    Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setPermissions(PRIVATE);
                } catch (FileAlreadyExistsException raced) {
                    // another daemon of this user made it meanwhile; checked below like any other
                }
            }
        }
        if (!RunFiles.ownerOnlyWritable(dir)) {
            throw new IOException(
                    "run folder " + dir + ": must be a directory (not a link) owned by this user that neither its"
                            + " group nor others may write to (set rundir to such a folder, or chmod go-w"
                            + " it)");
        }
        int me = RunFiles.uid();
        for (Path p = dir.toRealPath().getParent(); p != null; p = p.getParent()) {
            int owner = (int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (owner != 0 && owner != me) {
                throw new IOException("run folder " + dir + ": the folder " + p + " above it is owned by uid " + owner
                        + ", who could replace it (set rundir to a folder whose parents are yours or root's)");
            }
            if ((mode & GROUP_OR_OTHER_WRITE) != 0 && (mode & STICKY) == 0) {
                throw new IOException("run folder " + dir + ": the folder " + p + " above it may be written by others"
                        + " (mode " + Integer.toOctalString(mode & 07777) + ", no sticky bit), who could replace it"
                        + " (set rundir to a folder whose parents only root or you may write to)");
            }
        }
    }
}
