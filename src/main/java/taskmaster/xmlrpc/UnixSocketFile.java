package taskmaster.xmlrpc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import taskmaster.model.RpcServerSettings;

/**
 * The socket file of {@code [unix_http_server]}, made as supervisord makes it but without its
 * window: the server binds in a private folder (0700) beside the file, the socket gets its mode and
 * owner there, and only then is it hard-linked to its name, so it is never reachable with the
 * mode the umask gave it. A file already at the name is replaced only when it is a socket nothing
 * listens on (a stale one, left by a daemon that died); a live one fails the start, and so does a
 * file that is no socket (supervisord would delete it). At shutdown the name is removed, unless
 * someone has put another file there meanwhile.
 */
final class UnixSocketFile {

    private static final Logger LOG = LogManager.getLogger("taskmaster.xmlrpc");

    /** sockaddr_un's sun_path holds 108 bytes with the final NUL. */
    static final int MAX_PATH_BYTES = 107;

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path file;
    private final Path folder;
    private final Path bound;
    private Object inode;

    private UnixSocketFile(Path file) {
        this.file = file;
        this.folder = file.resolveSibling(
                "." + file.getFileName() + "." + ProcessHandle.current().pid());
        this.bound = folder.resolve("s");
    }

    /** Where the server must bind: a fresh private folder is made for it. */
    static UnixSocketFile prepare(RpcServerSettings.Unix s) throws RpcServerException {
        Path file = s.file();
        if (file.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new RpcServerException("[unix_http_server] file = " + file + ": the path is longer than "
                    + MAX_PATH_BYTES + " bytes, the most a unix socket's name holds (use a shorter path)");
        }
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new RpcServerException("[unix_http_server] file = " + file + ": the folder " + parent
                    + " does not exist (create it, or change file)");
        }
        UnixSocketFile f = new UnixSocketFile(file);
        if (f.bound.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new RpcServerException("[unix_http_server] file = " + file + ": the path is too long to make the"
                    + " socket safely beside it (" + f.bound + " exceeds " + MAX_PATH_BYTES + " bytes; use a shorter"
                    + " path)");
        }
        try {
            deleteTree(f.folder); // left by an earlier daemon of this pid that died
            Files.createDirectory(
                    f.folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new RpcServerException(
                    "[unix_http_server] file = " + file + ": cannot make a private folder beside it: " + e);
        }
        return f;
    }

    /** The path the server binds. */
    Path bindPath() {
        return bound;
    }

    /** After the server bound: mode and owner, then the name. The private folder is gone afterwards. */
    void publish(RpcServerSettings.Unix s) throws RpcServerException {
        try {
            Files.setPosixFilePermissions(bound, permissions(s.chmod()));
            if (s.chownUser() != null) {
                chown(s);
            }
            link();
            inode = Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new RpcServerException("[unix_http_server] file = " + file + ": " + e.getMessage());
        } finally {
            discardFolder();
        }
    }

    private void chown(RpcServerSettings.Unix s) throws IOException, RpcServerException {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        PosixFileAttributeView view =
                Files.getFileAttributeView(bound, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        String what = s.chownGroup() == null ? s.chownUser() : s.chownUser() + ":" + s.chownGroup();
        String looking = "user '" + s.chownUser() + "'";
        try {
            UserPrincipal user = lookup.lookupPrincipalByName(s.chownUser());
            looking = "group '" + s.chownGroup() + "'";
            GroupPrincipal group = s.chownGroup() == null ? null : lookup.lookupPrincipalByGroupName(s.chownGroup());
            view.setOwner(user);
            if (group != null) {
                view.setGroup(group);
            }
        } catch (UserPrincipalNotFoundException e) {
            throw new RpcServerException("[unix_http_server] chown = " + what + ": no such " + looking
                    + " (allowed: user or user:group of this machine, names or ids)");
        } catch (java.nio.file.FileSystemException e) {
            throw new RpcServerException("[unix_http_server] chown = " + what + ": not permitted to give "
                    + file + " to it (" + e.getReason() + "; only root may give a file away: change chown, or"
                    + " remove it)");
        }
    }

    /** The name, linked to the bound socket; a stale socket there is replaced, a live one or another file refused. */
    private void link() throws IOException, RpcServerException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.createLink(file, bound);
                return;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 3) {
                    throw new RpcServerException("[unix_http_server] file = " + file
                            + ": still taken after removing it (another daemon" + " is starting on it?)");
                }
                refuseOrRemove();
            }
        }
    }

    private void refuseOrRemove() throws IOException, RpcServerException {
        if (!isSocket(file)) {
            throw new RpcServerException("[unix_http_server] file = " + file + " exists and is not a socket: refusing"
                    + " to replace it (remove it, or change file)");
        }
        if (listening(file)) {
            throw new RpcServerException("[unix_http_server] file = " + file + ": another server is listening on"
                    + " it (is a supervisord or another taskmasterd running? stop it, or change file)");
        }
        LOG.warn("xmlrpc: removing the stale socket {} (nothing listens on it)", file);
        Files.deleteIfExists(file);
    }

    static boolean isSocket(Path p) throws IOException {
        Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK;
    }

    /** Whether a connect succeeds: someone accepts there. */
    static boolean listening(Path p) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(p));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the name at shutdown, when it is still our socket. */
    void remove() {
        discardFolder();
        if (inode == null) {
            return;
        }
        try {
            Object now = Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            if (inode.equals(now)) {
                Files.deleteIfExists(file);
            } else {
                LOG.warn("xmlrpc: {} is no longer this daemon's socket; left in place", file);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // removed by someone else already
        } catch (IOException e) {
            LOG.warn("xmlrpc: could not remove {}: {}", file, e.getMessage());
        }
        inode = null;
    }

    private void discardFolder() {
        try {
            deleteTree(folder);
        } catch (IOException e) {
            LOG.warn("xmlrpc: could not remove {}: {}", folder, e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(dir)) {
                for (Path p : entries.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Files.deleteIfExists(dir);
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    Path file() {
        return file;
    }
}
