package taskmaster.soak;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The daemon's event log read as it grows (it is never rotated in the soak: {@code logfile_maxbytes
 * = 0}). Keeps every complete line, so counts and reports never re-read the file.
 */
final class EventLogTail {

    private final Path file;
    private final List<String> lines = new ArrayList<>();
    private long offset;
    private byte[] partial = new byte[0];

    EventLogTail(Path file) {
        this.file = file;
    }

    /** Reads what was appended since the last call. */
    synchronized void poll() {
        if (!Files.exists(file)) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            if (size < offset) {
                offset = 0; // truncated or replaced: start again
                partial = new byte[0];
            }
            if (size == offset) {
                return;
            }
            byte[] chunk = new byte[(int) Math.min(size - offset, 16 << 20)];
            f.seek(offset);
            f.readFully(chunk);
            offset += chunk.length;
            byte[] all = new byte[partial.length + chunk.length];
            System.arraycopy(partial, 0, all, 0, partial.length);
            System.arraycopy(chunk, 0, all, partial.length, chunk.length);
            int start = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == '\n') {
                    lines.add(new String(all, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            partial = java.util.Arrays.copyOfRange(all, start, all.length);
        } catch (IOException e) {
            // the daemon is writing or reopening it; the next poll reads on
        }
    }

    synchronized int size() {
        return lines.size();
    }

    /** Lines from index {@code from} on that match {@code regex}. */
    synchronized List<String> matching(int from, String regex) {
        Predicate<String> p = Pattern.compile(regex).asPredicate();
        List<String> out = new ArrayList<>();
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                out.add(lines.get(i));
            }
        }
        return out;
    }

    synchronized int count(int from, String regex) {
        return matching(from, regex).size();
    }

    /** Index of the first line from {@code from} on that matches, or -1. */
    synchronized int indexOf(int from, String regex) {
        Predicate<String> p = Pattern.compile(regex).asPredicate();
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The last {@code n} lines, for failure messages. */
    synchronized String tail(int n) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
