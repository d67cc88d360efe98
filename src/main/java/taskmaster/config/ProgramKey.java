package taskmaster.config;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key of a program section, with its aliases: the spec's names first, supervisord's after.
 * Both spellings are accepted in both kinds of section ({@code [name]} and {@code [program:x]}).
 */
enum ProgramKey {
    CMD("cmd", "command"),
    NUMPROCS("numprocs"),
    NUMPROCS_START("numprocs_start"),
    PROCESS_NAME("process_name"),
    PRIORITY("priority"),
    AUTOSTART("autostart"),
    AUTORESTART("autorestart"),
    EXITCODES("exitcodes"),
    STARTRETRIES("startretries"),
    STARTTIME("starttime", "startsecs"),
    STOPSIGNAL("stopsignal"),
    STOPTIME("stoptime", "stopwaitsecs"),
    STOPASGROUP("stopasgroup"),
    KILLASGROUP("killasgroup"),
    UMASK("umask"),
    WORKINGDIR("workingdir", "directory"),
    USER("user"),
    STDOUT("stdout", "stdout_logfile"),
    STDERR("stderr", "stderr_logfile"),
    ENV("env", "environment"),
    REDIRECT_STDERR("redirect_stderr"),
    STDOUT_MAXBYTES("stdout_logfile_maxbytes", "stdout_maxbytes"),
    STDOUT_BACKUPS("stdout_logfile_backups", "stdout_backups"),
    STDERR_MAXBYTES("stderr_logfile_maxbytes", "stderr_maxbytes"),
    STDERR_BACKUPS("stderr_logfile_backups", "stderr_backups"),
    TIMESTAMPS("timestamps"),
    STDIN("stdin"),
    // Accepted and checked, with no effect (supervisord's capture mode, events and syslog).
    STDOUT_CAPTURE_MAXBYTES(ValueType.BYTES, "stdout_capture_maxbytes"),
    STDERR_CAPTURE_MAXBYTES(ValueType.BYTES, "stderr_capture_maxbytes"),
    STDOUT_EVENTS_ENABLED(ValueType.BOOL, "stdout_events_enabled"),
    STDERR_EVENTS_ENABLED(ValueType.BOOL, "stderr_events_enabled"),
    STDOUT_SYSLOG(ValueType.BOOL, "stdout_syslog"),
    STDERR_SYSLOG(ValueType.BOOL, "stderr_syslog"),
    SERVERURL(ValueType.TEXT, "serverurl");

    private final ValueType type;
    private final List<String> names;

    ProgramKey(String... names) {
        this(ValueType.CUSTOM, names);
    }

    ProgramKey(ValueType type, String... names) {
        this.type = type;
        this.names = List.of(names);
    }

    ValueType type() {
        return type;
    }

    String canonical() {
        return names.getFirst();
    }

    static Optional<ProgramKey> byName(String name) {
        return Arrays.stream(values()).filter(k -> k.names.contains(name)).findFirst();
    }

    static List<String> allNames() {
        return Arrays.stream(values()).flatMap(k -> k.names.stream()).toList();
    }

    /**
     * The section's values by key. Unknown keys are errors with a suggestion; a key given under
     * two of its names keeps the one read last, like a repeated key, with a warning.
     */
    static Map<ProgramKey, RawValue> collect(Section section, Problems problems) {
        Map<ProgramKey, RawValue> found = new EnumMap<>(ProgramKey.class);
        for (RawValue v : section.values()) {
            Optional<ProgramKey> key = byName(v.key());
            if (key.isEmpty()) {
                problems.error(v, KeySuggester.unknownKey(v.key(), allNames()));
                continue;
            }
            RawValue earlier = found.get(key.get());
            if (earlier != null) {
                RawValue loser = earlier.seq() < v.seq() ? earlier : v;
                RawValue winner = loser == earlier ? v : earlier;
                problems.warn(loser, "ignored: the same key is given as '" + winner.key() + "' at "
                        + winner.file() + ":" + winner.line() + ", which wins");
                found.put(key.get(), winner);
            } else {
                found.put(key.get(), v);
            }
        }
        return found;
    }
}
