package taskmaster.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import taskmaster.config.AtomicWrite;
import taskmaster.config.RunFiles;

/**
 * The state file: which children the running daemon has, so that the next daemon can find and
 * stop them when this one died without stopping them (kill -9, OOM killer, a JVM crash).
 *
 * <p>A child is named by its pid, its start time (clock ticks since boot, from /proc/PID/stat)
 * and the boot id: the pid alone may belong to another process by then, the three together
 * cannot. The format is line-based text, one record per line:
 * <pre>
 * taskmaster-state 1
 * boot 9e584b39-478a-4d6c-93cd-026b3152dedd
 * daemon 4100 64100
 * child 4242 4242 64671 web_00
 * </pre>
 * ({@code daemon PID STARTTICKS}, {@code child PID PGID STARTTICKS NAME}; the name is last and
 * backslash-escaped, so it may hold spaces.) Anything else makes the whole file corrupt: a file
 * that is not exactly what a daemon wrote is never acted upon.
 *
 * <p>It is written whole into a temporary file in the same folder, fsync'd and renamed over the
 * old one, so a reader sees the previous file or the next, never a mix. rename(2) replaces a
 * link planted at the name instead of following it, and the temporary file is created with
 * O_EXCL, which refuses a link too.
 */
final class StateFile {

    static final String MAGIC = "taskmaster-state 1";
    /** Far more than 10,000 children need; a bigger file was not written by a daemon. */
    static final long MAX_BYTES = 4L << 20;

    /** One live child as recorded. */
    record Child(String name, long pid, long pgid, long startTicks) {}

    /** The whole file. */
    record State(String bootId, long daemonPid, long daemonStartTicks, List<Child> children) {
        State {
            children = List.copyOf(children);
        }
    }

    /** The file could be read but is not a state file; nothing in it can be trusted. */
    static final class CorruptException extends Exception {
        CorruptException(String message) {
            super(message);
        }
    }

    private StateFile() {}

    static String format(State state) {
        StringBuilder sb = new StringBuilder(64 + 48 * state.children().size());
        sb.append(MAGIC).append('\n');
        sb.append("boot ").append(state.bootId()).append('\n');
        sb.append("daemon ")
                .append(state.daemonPid())
                .append(' ')
                .append(state.daemonStartTicks())
                .append('\n');
        for (Child c : state.children()) {
            appendLine(sb, c);
        }
        return sb.toString();
    }

    /** The header of a file, up to its first child line. */
    static String header(String bootId, long daemonPid, long daemonStartTicks) {
        return MAGIC + "\nboot " + bootId + "\ndaemon " + daemonPid + ' ' + daemonStartTicks + '\n';
    }

    /** One child's line, with its end: what {@link #format} writes for it. */
    static String line(Child c) {
        StringBuilder sb = new StringBuilder(48);
        appendLine(sb, c);
        return sb.toString();
    }

    private static void appendLine(StringBuilder sb, Child c) {
        sb.append("child ")
                .append(c.pid())
                .append(' ')
                .append(c.pgid())
                .append(' ')
                .append(c.startTicks())
                .append(' ')
                .append(escape(c.name()))
                .append('\n');
    }

    static State parse(String text) throws CorruptException {
        if (text.isEmpty()) {
            throw new CorruptException("empty");
        }
        if (!text.endsWith("\n")) {
            throw new CorruptException("truncated: the last line has no end");
        }
        String[] lines = text.split("\n", -1);
        if (!lines[0].equals(MAGIC)) {
            throw new CorruptException("line 1: expected '" + MAGIC + "'");
        }
        String boot = null;
        long daemonPid = 0;
        long daemonStart = -1;
        List<Child> children = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i];
            int n = i + 1;
            if (line.startsWith("boot ")) {
                if (boot != null) {
                    throw new CorruptException("line " + n + ": a second boot line");
                }
                boot = line.substring(5);
                if (!boot.matches("[0-9a-f-]{1,64}")) {
                    throw new CorruptException("line " + n + ": bad boot id");
                }
            } else if (line.startsWith("daemon ")) {
                if (daemonStart >= 0) {
                    throw new CorruptException("line " + n + ": a second daemon line");
                }
                String[] f = line.split(" ", -1);
                if (f.length != 3) {
                    throw new CorruptException("line " + n + ": expected 'daemon PID STARTTICKS'");
                }
                daemonPid = pid(f[1], n);
                daemonStart = ticks(f[2], n);
            } else if (line.startsWith("child ")) {
                String[] f = line.split(" ", 5);
                if (f.length != 5 || f[4].isEmpty()) {
                    throw new CorruptException("line " + n + ": expected 'child PID PGID STARTTICKS NAME'");
                }
                children.add(new Child(unescape(f[4], n), pid(f[1], n), pid(f[2], n), ticks(f[3], n)));
            } else {
                throw new CorruptException("line " + n + ": unknown record '" + abbreviate(line) + "'");
            }
        }
        if (boot == null || daemonStart < 0) {
            throw new CorruptException("no " + (boot == null ? "boot" : "daemon") + " line");
        }
        return new State(boot, daemonPid, daemonStart, children);
    }

    /**
     * Reads the state file at {@code path}.
     *
     * @return empty when there is none
     * @throws CorruptException when it is not a state file, or not one this user could have
     *                          written alone (a link, another owner, writable by others)
     */
    static Optional<State> read(Path path) throws IOException, CorruptException {
        Optional<String> text = readOwn(path, MAX_BYTES);
        return text.isEmpty() ? Optional.empty() : Optional.of(parse(text.get()));
    }

    /**
     * The UTF-8 text of one of the daemon's own files; empty when there is none.
     *
     * @throws CorruptException when it is not one this user could have written alone (a link,
     *                          another owner, writable by others), too big, or not UTF-8
     */
    static Optional<String> readOwn(Path path, long maxBytes) throws IOException, CorruptException {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!a.isRegularFile()) {
            throw new CorruptException("not a regular file");
        }
        int owner = (int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != RunFiles.uid()) {
            throw new CorruptException("owned by uid " + owner + ", not by this user");
        }
        if (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new CorruptException(
                    "others may write to it (mode " + PosixFilePermissions.toString(a.permissions()) + ")");
        }
        if (a.size() > maxBytes) {
            throw new CorruptException("too big (" + a.size() + " bytes)");
        }
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(maxBytes + 1, Math.max(a.size() + 1, 4096)));
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // until the end, or one byte past the limit
            }
            if (buf.position() > maxBytes) {
                throw new CorruptException("too big");
            }
            bytes = java.util.Arrays.copyOf(buf.array(), buf.position());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptException("not UTF-8 text");
        }
        return Optional.of(text);
    }

    /** Replaces the file at {@code path} with {@code state}, atomically; mode 0600 whatever the umask. */
    static void write(Path path, State state) throws IOException {
        write(path, format(state));
    }

    /**
     * Replaces the file at {@code path} with {@code text} (what {@link #format} makes), atomically.
     * Not fsync'd: the file serves the next daemon of the same boot only (a child is named with the
     * boot id), and what a daemon's death leaves is in the page cache for it to read; after a
     * power loss or a kernel crash no child it names is alive (at worst the file is then found
     * empty, and recovery ignores it with a warning). rename(2) alone keeps a reader from ever
     * seeing a mix of two files.
     */
    static void write(Path path, String text) throws IOException {
        // An unguessable temporary name, created exclusively, never through a link, then renamed.
        AtomicWrite.write(path, text.getBytes(StandardCharsets.UTF_8), AtomicWrite.PRIVATE, false);
    }

    static String escape(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s, int line) throws CorruptException {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i == s.length()) {
                throw new CorruptException("line " + line + ": a name ends in a lone backslash");
            }
            switch (s.charAt(i)) {
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                default -> throw new CorruptException("line " + line + ": bad escape \\" + s.charAt(i) + " in a name");
            }
        }
        return sb.toString();
    }

    private static long pid(String s, int line) throws CorruptException {
        long v = number(s, line);
        if (v < 2 || v > Integer.MAX_VALUE) {
            // 1 is init, 0 and negatives would mean "my group" or "every process" to kill(2).
            throw new CorruptException("line " + line + ": pid " + s + " out of range");
        }
        return v;
    }

    private static long ticks(String s, int line) throws CorruptException {
        return number(s, line);
    }

    static long number(String s, int line) throws CorruptException {
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new CorruptException("line " + line + ": '" + abbreviate(s) + "' is not a number");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CorruptException("line " + line + ": '" + s + "' is out of range");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
