package taskmaster.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What recorder.py wrote: each event's header tokens and payload, in the order received. */
record Recording(List<Recording.Entry> entries) {

    record Entry(Map<String, String> headers, String payload) {
        String name() {
            return headers.get("eventname");
        }

        /** The process a PROCESS_STATE or PROCESS_LOG event is about; null for the others. */
        String process() {
            Matcher m = Pattern.compile("^processname:(\\S+)").matcher(payload);
            return m.find() ? m.group(1) : null;
        }

        /** Name and payload with pids, which differ between runs, made equal. */
        String normalized() {
            return name() + " " + payload.replaceAll("pid:\\d+", "pid:P");
        }
    }

    static Recording read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.split("\t", -1);
                Map<String, String> headers = new LinkedHashMap<>();
                for (String token : parts[0].split(" ")) {
                    int colon = token.indexOf(':');
                    headers.put(token.substring(0, colon), token.substring(colon + 1));
                }
                entries.add(new Entry(headers, new String(HexFormat.of().parseHex(parts[1]), StandardCharsets.UTF_8)));
            }
        }
        return new Recording(entries);
    }

    boolean has(String normalized) {
        return entries.stream().anyMatch(e -> e.normalized().equals(normalized));
    }

    /** The entries up to and including the first that is {@code normalized}; all of them if none is. */
    Recording upTo(String normalized) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).normalized().equals(normalized)) {
                return new Recording(entries.subList(0, i + 1));
            }
        }
        return this;
    }

    /**
     * The events in a form two daemons can be compared on: each process's state events in their
     * order, its output events in theirs, and the daemon's own events (groups, its state) in
     * theirs. Only the interleaving of different processes, which timing decides, is left out.
     */
    Map<String, List<String>> byProcess() {
        Map<String, List<String>> m = new TreeMap<>();
        for (Entry e : entries) {
            String p = e.process();
            String key = p == null ? "(daemon)" : (e.name().startsWith("PROCESS_LOG") ? "log " : "state ") + p;
            m.computeIfAbsent(key, k -> new ArrayList<>()).add(e.normalized());
        }
        return m;
    }
}
