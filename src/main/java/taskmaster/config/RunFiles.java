package taskmaster.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import taskmaster.model.DaemonSettings;

/**
 * Where the daemon keeps its own files, computed the same way by the daemon and by taskmasterctl.
 *
 * <p>The lock is the pidfile when one is configured. The url, secret and state files live in a
 * private folder: {@code rundir} when set, else the pidfile's folder when only its owner may write
 * there, else a per-user default ({@code /run/taskmasterd} for root, {@code
 * $XDG_RUNTIME_DIR/taskmasterd}, else {@code ~/.local/state/taskmasterd}). Nothing is ever put under
 * a predictable name in a folder others can write to (such as /tmp): a file planted there could
 * redirect the daemon's writes or point taskmasterctl at another server. In the private folder
 * files are named after the pidfile, or after a hash of the configuration's path when there is
 * none, so daemons of different configurations never share them.
 *
 * @param dir      the private folder (the daemon creates it 0700 when it is the per-user default)
 * @param lock     held locked for the daemon's life, with its pid in it
 * @param url      the Jolokia URL, for clients (0644)
 * @param secret   the generated Jolokia credential (0600)
 * @param state    the children of the running daemon, for crash recovery (0600); beside it, {@link #intent()}
 * @param isDefaultDir whether {@code dir} is the per-user default the daemon may create
 */
public record RunFiles(Path dir, Path lock, Path url, Path secret, Path state, boolean isDefaultDir) {

    /** The run files of a configuration, for the current user and environment. */
    public static RunFiles of(DaemonSettings settings, Path configFile) {
        return of(settings, configFile, System.getenv(), System.getProperty("user.home"), isRoot());
    }

    static RunFiles of(DaemonSettings settings, Path configFile, Map<String, String> env, String home, boolean root) {
        Path pidfile = settings.pidfile();
        Path dir;
        boolean isDefault = false;
        if (settings.rundir() != null) {
            dir = settings.rundir();
        } else if (pidfile != null && pidfile.getParent() != null && ownerOnlyWritable(real(pidfile.getParent()))) {
            // Its real path: a configuration reached through a linked folder finds the same files.
            dir = real(pidfile.getParent());
        } else {
            dir = defaultDir(env, home, root);
            isDefault = true;
        }
        String base = pidfile != null ? pidfile.getFileName().toString() : "taskmasterd-" + hash(configFile);
        Path lock = pidfile != null ? pidfile : dir.resolve(base + ".pid");
        return new RunFiles(
                dir,
                lock,
                dir.resolve(base + ".url"),
                dir.resolve(base + ".secret"),
                dir.resolve(base + ".state"),
                isDefault);
    }

    /**
     * What the operator asked for (starts, stops, scale overrides), kept across the daemon's
     * restarts (0600): named after the state file, in the same folder.
     */
    public Path intent() {
        String n = state.getFileName().toString();
        return state.resolveSibling(
                (n.endsWith(".state") ? n.substring(0, n.length() - ".state".length()) : n) + ".intent");
    }

    private static Path real(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir;
        }
    }

    static Path defaultDir(Map<String, String> env, String home, boolean root) {
        if (root) {
            return Path.of("/run/taskmasterd");
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "taskmasterd");
        }
        return Path.of(home, ".local", "state", "taskmasterd");
    }

    /** A folder owned by this user that neither its group nor others may write to. */
    public static boolean ownerOnlyWritable(Path dir) {
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> p = a.permissions();
            return a.isDirectory()
                    && (int) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid()
                    && !p.contains(PosixFilePermission.GROUP_WRITE)
                    && !p.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static String hash(Path configFile) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(configFile.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        return uid() == 0;
    }

    /** This process's uid (from /proc, which the daemon needs anyway). */
    public static int uid() {
        try {
            return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot read this process's uid from /proc/self: " + e.getMessage(), e);
        }
    }
}
