package taskmaster.ctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code [taskmasterd]} (or {@code [supervisord]}) section of one file, read line by line
 * with only {@code %(here)s} expanded: the fallback when the whole configuration does not load.
 *
 * @param keys    its keys, lower-case, values stripped
 * @param pidfile its pidfile, absolute, or null
 */
record DaemonSection(Map<String, String> keys, Path pidfile) {

    static Optional<DaemonSection> read(Path file) {
        Map<String, String> keys = new HashMap<>();
        boolean inside = false;
        boolean found = false;
        String here = file.toAbsolutePath().getParent().toString();
        try {
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.startsWith("[")) {
                    String name = line.replaceAll("[\\[\\]]", "").strip().toLowerCase(Locale.ROOT);
                    inside = name.equals("taskmasterd") || name.equals("supervisord");
                    found |= inside;
                } else if (inside && !line.startsWith(";") && !line.startsWith("#")) {
                    int eq = line.indexOf('=') >= 0 ? line.indexOf('=') : line.indexOf(':');
                    if (eq > 0) {
                        String value = line.substring(eq + 1).replaceAll("\\s+;.*$", "").strip();
                        keys.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT),
                                value.replace("%(here)s", here));
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!found) {
            return Optional.empty();
        }
        String pid = keys.get("pidfile");
        Path pidfile = pid == null || pid.isBlank() ? null : Path.of(here).resolve(pid).normalize();
        return Optional.of(new DaemonSection(Map.copyOf(keys), pidfile));
    }
}
