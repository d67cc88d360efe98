package taskmaster.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * The fields of a {@link ProcessSpec}, each with what a reload must do when it changes: launch
 * the process again, or apply the new value to the running one. A process started from one spec
 * is indistinguishable from one started from another when every field's launch part is equal:
 * same command, environment, directory, umask, user and plumbing (which streams are pipes:
 * captured or tapped, or discarded; redirect_stderr, stdin). Policies (autorestart, exitcodes,
 * retries, times, signals, priority, autostart), where captured output goes (file, maxbytes,
 * backups, console, timestamps) and whether a piped stream is tapped apply in place. The
 * configuration's key declarations name the fields they set.
 */
public enum SpecField {
    NAME(ProcessSpec::name, Change.RELAUNCH),
    PROGRAM(ProcessSpec::program, Change.RELAUNCH),
    GROUP(ProcessSpec::group, Change.IN_PLACE),
    PROCESS_NUM(ProcessSpec::processNum, Change.IN_PLACE),
    /** The command as written, for display: what runs is {@link #ARGV}. */
    COMMAND(ProcessSpec::command, Change.IN_PLACE),
    ARGV(ProcessSpec::argv, Change.RELAUNCH),
    ENVIRONMENT(ProcessSpec::environment, Change.RELAUNCH),
    WORKING_DIR(ProcessSpec::workingDir, Change.RELAUNCH),
    UMASK(ProcessSpec::umask, Change.RELAUNCH),
    USER(ProcessSpec::user, Change.RELAUNCH),
    STDOUT(ProcessSpec::stdout, ProcessSpec::stdoutPiped),
    STDERR(ProcessSpec::stderr, ProcessSpec::stderrPiped),
    REDIRECT_STDERR(ProcessSpec::redirectStderr, Change.RELAUNCH),
    PRIORITY(ProcessSpec::priority, Change.IN_PLACE),
    AUTOSTART(ProcessSpec::autostart, Change.IN_PLACE),
    AUTORESTART(ProcessSpec::autorestart, Change.IN_PLACE),
    EXIT_CODES(ProcessSpec::exitCodes, Change.IN_PLACE),
    START_RETRIES(ProcessSpec::startRetries, Change.IN_PLACE),
    START_SECONDS(ProcessSpec::startSeconds, Change.IN_PLACE),
    STOP_SIGNAL(ProcessSpec::stopSignal, Change.IN_PLACE),
    STOP_SECONDS(ProcessSpec::stopSeconds, Change.IN_PLACE),
    STOP_AS_GROUP(ProcessSpec::stopAsGroup, Change.IN_PLACE),
    KILL_AS_GROUP(ProcessSpec::killAsGroup, Change.IN_PLACE),
    TIMESTAMPS(ProcessSpec::timestamps, Change.IN_PLACE),
    STDIN_PIPE(ProcessSpec::stdinPipe, Change.RELAUNCH),
    /** A tap needs a pipe: tapping a discarded stream is a new launch, tapping a captured one is not. */
    TAP_STDOUT(ProcessSpec::tapStdout, ProcessSpec::stdoutPiped),
    TAP_STDERR(ProcessSpec::tapStderr, ProcessSpec::stderrPiped),
    /** Policies, in place; the readiness plumbing (notify socket, notification fd) is part of the launch. */
    LIFECYCLE(ProcessSpec::lifecycle, s -> s.lifecycle().launchPart()),
    /** The usage limits, in place; the rlimits the process was spawned with are part of the launch. */
    RESOURCES(ProcessSpec::resources, s -> s.resources().launchPart());

    /** What a reload does when the field changes. */
    public enum Change {
        /** The process is stopped and started again. */
        RELAUNCH,
        /** The running process gets the new value. */
        IN_PLACE,
        /**
         * An output or its tap, or the lifecycle: whether the stream is a pipe is part of the launch (the child's
         * stream is a pipe or /dev/null); where captured output goes, and whether it is tapped,
         * apply in place.
         */
        PLUMBING
    }

    private final Function<ProcessSpec, Object> value;
    private final Change change;
    /** For {@link Change#PLUMBING}: whether the stream is a pipe. */
    private final Function<ProcessSpec, Object> piped;

    SpecField(Function<ProcessSpec, Object> value, Change change) {
        this.value = value;
        this.change = change;
        this.piped = null;
    }

    SpecField(Function<ProcessSpec, Object> value, Function<ProcessSpec, Object> piped) {
        this.value = value;
        this.change = Change.PLUMBING;
        this.piped = piped;
    }

    public Change change() {
        return change;
    }

    public Object value(ProcessSpec spec) {
        return value.apply(spec);
    }

    /** The part of the field a running process was launched with; null when none is. */
    private Object launchPart(ProcessSpec spec) {
        return switch (change) {
            case RELAUNCH -> value(spec);
            case PLUMBING -> piped.apply(spec);
            case IN_PLACE -> null;
        };
    }

    /** Whether a process running from {@code before} must be launched again to run as {@code after}. */
    public static boolean needsRelaunch(ProcessSpec before, ProcessSpec after) {
        return Arrays.stream(values()).anyMatch(f -> !Objects.equals(f.launchPart(before), f.launchPart(after)));
    }
}
