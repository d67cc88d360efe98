package taskmaster.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import taskmaster.config.AtomicWrite;
import taskmaster.model.Scale;

/**
 * The intent file: what the operator asked for that the daemon keeps across its restarts (and
 * reboots, when the run folder is on disk): processes he started or stopped by hand, and programs
 * he scaled. Line-based text, one record a line, names last and backslash-escaped as in the
 * {@link StateFile}:
 * <pre>
 * taskmaster-intent 1
 * want down api
 * want up batch
 * scale 5 2 web
 * </pre>
 * ({@code want up|down PROCESS}; {@code scale N FILE_NUMPROCS PROGRAM}: N processes while the files
 * say FILE_NUMPROCS.) Anything else makes the whole file corrupt, and a corrupt file, or one this
 * user could not have written alone, is never acted upon. Written whole into a temporary file,
 * fsync'd and renamed over the old one ({@link AtomicWrite}).
 */
final class IntentFile {

    static final String MAGIC = "taskmaster-intent 1";
    /** A million processes' intents stay far below this; a bigger file was not written by a daemon. */
    static final long MAX_BYTES = 64L << 20;

    /**
     * @param wants  process name to what the operator wants (true: up)
     * @param scales program name to its override
     */
    record Intent(Map<String, Boolean> wants, Map<String, Scale> scales) {
        static final Intent NONE = new Intent(Map.of(), Map.of());

        Intent {
            wants = Map.copyOf(wants);
            scales = Map.copyOf(scales);
        }
    }

    private IntentFile() {}

    static String format(Intent intent) {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        new TreeMap<>(intent.wants())
                .forEach((name, up) -> sb.append("want ")
                        .append(up ? "up " : "down ")
                        .append(StateFile.escape(name))
                        .append('\n'));
        new TreeMap<>(intent.scales())
                .forEach((program, s) -> sb.append("scale ")
                        .append(s.numprocs())
                        .append(' ')
                        .append(s.fileNumprocs())
                        .append(' ')
                        .append(StateFile.escape(program))
                        .append('\n'));
        return sb.toString();
    }

    static Intent parse(String text) throws StateFile.CorruptException {
        if (!text.endsWith("\n")) {
            throw new StateFile.CorruptException(text.isEmpty() ? "empty" : "truncated: the last line has no end");
        }
        String[] lines = text.split("\n", -1);
        if (!lines[0].equals(MAGIC)) {
            throw new StateFile.CorruptException("line 1: expected '" + MAGIC + "'");
        }
        Map<String, Boolean> wants = new TreeMap<>();
        Map<String, Scale> scales = new TreeMap<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i];
            int n = i + 1;
            if (line.startsWith("want ")) {
                String[] f = line.split(" ", 3);
                if (f.length != 3 || f[2].isEmpty() || !(f[1].equals("up") || f[1].equals("down"))) {
                    throw new StateFile.CorruptException("line " + n + ": expected 'want up|down NAME'");
                }
                if (wants.put(StateFile.unescape(f[2], n), f[1].equals("up")) != null) {
                    throw new StateFile.CorruptException("line " + n + ": a second intent for " + f[2]);
                }
            } else if (line.startsWith("scale ")) {
                String[] f = line.split(" ", 4);
                if (f.length != 4 || f[3].isEmpty()) {
                    throw new StateFile.CorruptException("line " + n + ": expected 'scale N FILE_NUMPROCS PROGRAM'");
                }
                Scale s = new Scale(count(f[1], n), count(f[2], n));
                if (scales.put(StateFile.unescape(f[3], n), s) != null) {
                    throw new StateFile.CorruptException("line " + n + ": a second scale for " + f[3]);
                }
            } else {
                throw new StateFile.CorruptException("line " + n + ": unknown record '"
                        + (line.length() <= 40 ? line : line.substring(0, 40) + "...") + "'");
            }
        }
        return new Intent(wants, scales);
    }

    /** A numprocs as the files allow it, 1 to a million: anything else was not written by a daemon. */
    private static int count(String s, int line) throws StateFile.CorruptException {
        long v = StateFile.number(s, line);
        if (v < 1 || v > 1_000_000) {
            throw new StateFile.CorruptException("line " + line + ": count " + s + " out of range");
        }
        return (int) v;
    }

    /**
     * Reads the intent file at {@code path}.
     *
     * @return empty when there is none
     * @throws StateFile.CorruptException when it is not an intent file, or not one this user could
     *                                    have written alone (a link, another owner, writable by others)
     */
    static Optional<Intent> read(Path path) throws IOException, StateFile.CorruptException {
        Optional<String> text = StateFile.readOwn(path, MAX_BYTES);
        return text.isEmpty() ? Optional.empty() : Optional.of(parse(text.get()));
    }

    /** Replaces the file at {@code path} with {@code intent}, atomically; mode 0600 whatever the umask. */
    static void write(Path path, Intent intent) throws IOException {
        AtomicWrite.write(path, format(intent).getBytes(StandardCharsets.UTF_8), AtomicWrite.PRIVATE);
    }
}
