package taskmaster.config;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import taskmaster.model.HealthCheck;
import taskmaster.model.Readiness;
import taskmaster.model.RestartPolicy;
import taskmaster.model.Rlimit;
import taskmaster.model.SpecField;
import taskmaster.model.UsageLimits;

/**
 * Every key of a program section, declared once: its names (the spec's and supervisord's are
 * aliases, accepted in both kinds of section, {@code [name]} and {@code [program:x]}), type,
 * defaults per dialect, description, the {@link SpecField}s it sets and what a reload does when it changes.
 */
enum ProgramKey {
    CMD(
            Key.named("cmd", "command")
                    .type("command line", CommandLine::parse)
                    .allowed("a command line, words with POSIX quotes, or shell syntax")
                    .dflt(Default.required())
                    .describe("the command. Split into words as a POSIX shell would (quotes honoured) and executed"
                            + " directly; with shell syntax outside quotes (`|`, `&&`, `;`, `>`, `$VAR`, globs …)"
                            + " it runs as `/bin/sh -c cmd`. A command without `/` is looked up in the PATH"),
            Effect.RESTART,
            SpecField.COMMAND,
            SpecField.ARGV),
    NUMPROCS(
            Key.named("numprocs")
                    .integer(1, 1000)
                    .dflt(Default.of("1"))
                    .describe("how many processes of this program run"),
            Effect.PROCESSES),
    NUMPROCS_START(
            Key.named("numprocs_start")
                    .integer(0, 1_000_000)
                    .dflt(Default.of("0"))
                    .describe("the first `%(process_num)`"),
            Effect.RESTART,
            SpecField.PROCESS_NUM,
            SpecField.NAME),
    PROCESS_NAME(
            Key.named("process_name")
                    .type("name", v -> Values.name(v, "process"))
                    .dflt(Default.derived(
                            "`%(program_name)s_%(process_num)02d` when numprocs > 1, else the program name"))
                    .describe("each process's name; must contain `%(process_num)` when numprocs > 1"),
            Effect.RESTART,
            SpecField.NAME),
    PRIORITY(
            Key.named("priority")
                    .type("integer", Values.ANY_INTEGER)
                    .dflt(Default.of("999"))
                    .describe("lower starts first and stops last (an `[eventlistener:x]`'s default is `-1`, as in"
                            + " supervisord: listeners start before the programs they hear of and stop after them)"),
            Effect.IN_PLACE,
            SpecField.PRIORITY),
    DEPENDS_ON(
            Key.named("depends_on")
                    .type("names", ProgramBuilder::dependsOn)
                    .allowed("names of programs or groups, separated by commas or blanks")
                    .dflt(Default.none("none"))
                    .describe("programs or groups, comma-separated (`db, cache`), that must be RUNNING (ready, with a"
                            + " readiness check) before this program's processes are spawned; a group or a program of"
                            + " several processes means all of them. Until then a process that should start waits,"
                            + " shown as `waiting for db`. `start` starts the dependencies first; `stop` of a"
                            + " dependency whose dependents run is refused unless `--with-dependents`; shutdown"
                            + " stops dependents first. An unknown name, the program itself or a cycle is a"
                            + " configuration error"),
            Effect.IN_PLACE,
            SpecField.LIFECYCLE),
    AUTOSTART(
            Key.named("autostart")
                    .type("boolean", Values::bool)
                    .dflt(Default.of("true"))
                    .describe("start with the daemon (and when added by a reload)"),
            Effect.IN_PLACE,
            SpecField.AUTOSTART),
    AUTORESTART(
            Key.named("autorestart")
                    .type("policy", Values::autorestart)
                    .dflt(Default.of("unexpected"))
                    .describe("after an exit from RUNNING: `true` always restarts, `false` never, `unexpected` when the"
                            + " exit code is not in `exitcodes` (a death by signal is unexpected)"),
            Effect.IN_PLACE,
            SpecField.AUTORESTART),
    EXITCODES(
            Key.named("exitcodes")
                    .type("exit codes", Values::exitCodes)
                    .dflt(Default.of("0"))
                    .describe("the expected exit codes, e.g. `0,2`"),
            Effect.IN_PLACE,
            SpecField.EXIT_CODES),
    STARTRETRIES(
            Key.named("startretries")
                    .type("integer", Values.RETRIES)
                    .dflt(Default.of("3"))
                    .describe("retries after a failed start; `startretries + 1` attempts in all, then FATAL."
                            + " `infinite` retries without end; so does any count from 2147483647 up (supervisord's"
                            + " files write 4294967295), with a warning"),
            Effect.IN_PLACE,
            SpecField.START_RETRIES),
    STARTTIME(
            Key.named("starttime", "startsecs")
                    .type("integer", Values.atLeast(0, "taken as " + Integer.MAX_VALUE + " seconds (68 years)"))
                    .dflt(Default.of("5"), Default.of("1"))
                    .describe("seconds the process must stay up to count as started; 0: RUNNING at once"),
            Effect.IN_PLACE,
            SpecField.START_SECONDS),
    BACKOFF(
            Key.named("backoff")
                    .type("backoff", Values::backoff)
                    .dflt(Default.of("linear"))
                    .describe("how the delay between failed starts grows: `linear` waits n seconds before the n-th"
                            + " retry (1, 2, 3 …, as supervisord), `exponential` 2^(n-1) (1, 2, 4, 8 …); both are"
                            + " capped at `backoff_max`"),
            Effect.IN_PLACE,
            SpecField.LIFECYCLE),
    BACKOFF_MAX(
            Key.named("backoff_max")
                    .type("integer", Values.atLeast(1, "taken as " + Integer.MAX_VALUE + " seconds (68 years)"))
                    .dflt(Default.of(Integer.toString(RestartPolicy.DEFAULT_BACKOFF_MAX_SECONDS)))
                    .describe("the longest delay, in seconds, between two attempts to start (five minutes, as"
                            + " Kubernetes caps a crash loop's; systemd's has no cap)"),
            Effect.IN_PLACE,
            SpecField.LIFECYCLE),
    RESTART_LIMIT(
            Key.named("restart_limit")
                    .type("integer", Values.atLeast(0, "taken as " + Integer.MAX_VALUE + " restarts"))
                    .dflt(Default.of(Integer.toString(RestartPolicy.DEFAULT_RESTART_LIMIT)))
                    .describe("systemd's `StartLimitBurst`: a restart from RUNNING after this many within"
                            + " `restart_window` is not made at once but counts as a failed start (BACKOFF with"
                            + " the growing delay, then FATAL after `startretries`); `0`: no limit, every exit is"
                            + " restarted at once (supervisord's way)"),
            Effect.IN_PLACE,
            SpecField.LIFECYCLE),
    RESTART_WINDOW(
            Key.named("restart_window")
                    .type("integer", Values.atLeast(1, "taken as " + Integer.MAX_VALUE + " seconds (68 years)"))
                    .dflt(Default.of(Integer.toString(RestartPolicy.DEFAULT_RESTART_WINDOW_SECONDS)))
                    .describe("systemd's `StartLimitIntervalSec`: the seconds over which `restart_limit` counts"
                            + " restarts (a sliding window)"),
            Effect.IN_PLACE,
            SpecField.LIFECYCLE),
    FATAL_RETRY(
            Key.named("fatal_retry")
                    .type("integer", Values.atLeast(0, "taken as " + Integer.MAX_VALUE + " seconds (68 years)"))
                    .dflt(Default.of("0"))
                    .describe("seconds after which a FATAL process is started again, with every retry afresh;"
                            + " `0`: FATAL until started by hand. An operator's stop of the FATAL process calls the"
                            + " retry off"),
            Effect.IN_PLACE,
            SpecField.LIFECYCLE),
    ESSENTIAL(
            Key.named("essential")
                    .type("boolean", Values::bool)
                    .dflt(Default.of("false"))
                    .describe("when the process goes FATAL, or exits from RUNNING with no restart to come, the"
                            + " daemon stops every program and exits with status 3, naming it (for containers);"
                            + " a stop by hand is no death"),
            Effect.IN_PLACE,
            SpecField.LIFECYCLE),
    READY(
            Key.named("ready")
                    .type("check", CheckSyntax::ready)
                    .dflt(Default.none("none: ready when `starttime` has passed"))
                    .describe("how the process says it is ready: it stays STARTING until both `starttime` has passed"
                            + " and this succeeded. `notify` (systemd's sd_notify: `READY=1` on `$NOTIFY_SOCKET`),"
                            + " `fd:N` (s6: a newline on fd N), `tcp:PORT` or `tcp:HOST:PORT` (a connect),"
                            + " `http://HOST:PORT/path` or `https://…` (a 2xx answer), `exec:COMMAND` (exit 0, in the"
                            + " program's environment and folder), `log:REGEX` (a line of its stdout); see"
                            + " [Readiness](#readiness-running-means-ready)"),
            Effect.CHECK,
            SpecField.LIFECYCLE,
            SpecField.TAP_STDOUT),
    READY_TIMEOUT(
            Key.named("ready_timeout")
                    .type("integer", Values.atLeast(0, "no limit in practice (68 years)"))
                    .dflt(Default.of(String.valueOf(Readiness.DEFAULT_TIMEOUT_SECONDS)))
                    .describe("with `ready`: not ready this many seconds after the spawn is a failed start (the"
                            + " process is stopped, then BACKOFF and FATAL as any failed start); `EXTEND_TIMEOUT_USEC=`"
                            + " extends it; 0: no limit. systemd's `TimeoutStartSec`, with its default"),
            Effect.IN_PLACE,
            SpecField.LIFECYCLE),
    WATCHDOG(
            Key.named("watchdog")
                    .type("integer", Values.atLeast(0, "no limit in practice (68 years)"))
                    .dflt(Default.of("0"))
                    .describe("with `ready = notify` only: a RUNNING process that sends no `WATCHDOG=1` for this many"
                            + " seconds is stopped with its stop signal and restarted (systemd's `WatchdogSec`; it is"
                            + " given as `WATCHDOG_USEC`); 0: no watchdog"),
            Effect.CHECK,
            SpecField.LIFECYCLE),
    HEALTHCHECK(
            Key.named("healthcheck")
                    .type("check", CheckSyntax::health)
                    .dflt(Default.none("none"))
                    .describe("checked every `healthcheck_interval` while RUNNING; `healthcheck_retries` failures in a"
                            + " row restart the process. The kinds of `ready` but `notify` and `fd:N`; `log:REGEX`"
                            + " asks whether a matching line came since the last check; see"
                            + " [Health checks](#health-checks-and-the-watchdog)"),
            Effect.CHECK,
            SpecField.LIFECYCLE,
            SpecField.TAP_STDOUT),
    HEALTHCHECK_INTERVAL(
            Key.named("healthcheck_interval")
                    .type("integer", Values.atLeast(1, "never checked again in practice (68 years)"))
                    .dflt(Default.of(String.valueOf(HealthCheck.DEFAULT_INTERVAL_SECONDS)))
                    .describe("seconds from the end of one health check to the start of the next, and from RUNNING"
                            + " to the first (docker's default)"),
            Effect.IN_PLACE,
            SpecField.LIFECYCLE),
    HEALTHCHECK_TIMEOUT(
            Key.named("healthcheck_timeout")
                    .type("integer", Values.atLeast(1, "no limit in practice (68 years)"))
                    .dflt(Default.of(String.valueOf(HealthCheck.DEFAULT_TIMEOUT_SECONDS)))
                    .describe("a health check not answered within this many seconds has failed"),
            Effect.IN_PLACE,
            SpecField.LIFECYCLE),
    HEALTHCHECK_RETRIES(
            Key.named("healthcheck_retries")
                    .type("integer", Values.atLeast(1, "never restarted in practice"))
                    .dflt(Default.of(String.valueOf(HealthCheck.DEFAULT_RETRIES)))
                    .describe("this many failed health checks in a row restart the process (docker's default)"),
            Effect.IN_PLACE,
            SpecField.LIFECYCLE),
    MEMORY_LIMIT(
            Key.named("memory_limit")
                    .type("byte size", LimitSyntax.MEMORY)
                    .dflt(Default.of("0", "0: none"))
                    .describe("restart the process (stop signal, then start, as a failed health check does) when"
                            + " the RSS of its whole group, the program and everything it forked, is over this"
                            + " for `limit_window` samples in a row while RUNNING (PM2's `max_memory_restart`,"
                            + " Monit's `if totalmem > 200 MB then restart`); `KB`, `MB`, `GB`; see"
                            + " [Usage limits](#usage-limits-memory_limit-cpu_limit)"),
            Effect.IN_PLACE,
            SpecField.RESOURCES),
    CPU_LIMIT(
            Key.named("cpu_limit")
                    .type("percentage", LimitSyntax::cpuPercent)
                    .dflt(Default.of("0", "0: none"))
                    .describe("the same for the group's CPU over the last sampling interval, in percent of one"
                            + " core (`90%` or `90`; above 100 for a program that keeps several cores busy)"),
            Effect.IN_PLACE,
            SpecField.RESOURCES),
    LIMIT_WINDOW(
            Key.named("limit_window")
                    .type("integer", Values.atLeast(1, "never restarted in practice"))
                    .dflt(Default.of(Integer.toString(UsageLimits.DEFAULT_WINDOW)))
                    .describe("how many samples in a row (one every `sample_interval`) must be over `memory_limit`"
                            + " or `cpu_limit`; a sample under the limit starts the count again"),
            Effect.IN_PLACE,
            SpecField.RESOURCES),
    STOPSIGNAL(
            Key.named("stopsignal")
                    .type("signal", Values::signal)
                    .dflt(Default.of("TERM"))
                    .describe("the stop signal, any name with or without `SIG` (`USR1`, `SIGINT`) or number"),
            Effect.IN_PLACE,
            SpecField.STOP_SIGNAL),
    STOPTIME(
            Key.named("stoptime", "stopwaitsecs")
                    .type("integer", Values.atLeast(0, "taken as " + Integer.MAX_VALUE + " seconds (68 years)"))
                    .dflt(Default.of("10"))
                    .describe("seconds between the stop signal and SIGKILL"),
            Effect.IN_PLACE,
            SpecField.STOP_SECONDS),
    STOPASGROUP(
            Key.named("stopasgroup")
                    .type("boolean", Values::bool)
                    .dflt(Default.derived("true (false beside `killasgroup = false`)"))
                    .describe("send the stop signal to the whole process group, not only to the process"),
            Effect.IN_PLACE,
            SpecField.STOP_AS_GROUP),
    KILLASGROUP(
            Key.named("killasgroup")
                    .type("boolean", Values::bool)
                    .dflt(Default.derived("`stopasgroup`"))
                    .describe("send the stop time's SIGKILL to the whole group, not only to the process"),
            Effect.IN_PLACE,
            SpecField.KILL_AS_GROUP),
    UMASK(
            Key.named("umask")
                    .type("octal", Values::umask)
                    .dflt(Default.of("022"), Default.none("the daemon's"))
                    .describe(
                            "octal umask of the process (the program's alone: the daemon's own files and logs keep the"
                                    + " daemon's umask, even while it spawns)"),
            Effect.RESTART,
            SpecField.UMASK),
    // The kernel's limits the program is spawned with (setrlimit(2), through prlimit(1)).
    RLIMIT_NOFILE(
            rlimit(Rlimit.Resource.NOFILE, LimitSyntax.Unit.COUNT, "open descriptors (`ulimit -n`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_NPROC(
            rlimit(Rlimit.Resource.NPROC, LimitSyntax.Unit.COUNT, "processes of the program's user (`ulimit -u`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_CORE(
            rlimit(Rlimit.Resource.CORE, LimitSyntax.Unit.BYTES, "core file size; `0`: no core dumps (`ulimit -c`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_AS(
            rlimit(Rlimit.Resource.AS, LimitSyntax.Unit.BYTES, "address space (`ulimit -v`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_DATA(
            rlimit(Rlimit.Resource.DATA, LimitSyntax.Unit.BYTES, "data segment and heap (`ulimit -d`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_STACK(
            rlimit(Rlimit.Resource.STACK, LimitSyntax.Unit.BYTES, "main thread's stack (`ulimit -s`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_MEMLOCK(
            rlimit(Rlimit.Resource.MEMLOCK, LimitSyntax.Unit.BYTES, "locked memory (`ulimit -l`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_FSIZE(
            rlimit(Rlimit.Resource.FSIZE, LimitSyntax.Unit.BYTES, "largest file it may write (`ulimit -f`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_CPU(
            rlimit(
                    Rlimit.Resource.CPU,
                    LimitSyntax.Unit.SECONDS,
                    "CPU seconds; SIGXCPU at the soft limit, SIGKILL at the hard (`ulimit -t`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_MSGQUEUE(
            rlimit(Rlimit.Resource.MSGQUEUE, LimitSyntax.Unit.BYTES, "POSIX message queues (`ulimit -q`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_SIGPENDING(
            rlimit(Rlimit.Resource.SIGPENDING, LimitSyntax.Unit.COUNT, "queued signals (`ulimit -i`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_NICE(
            rlimit(Rlimit.Resource.NICE, LimitSyntax.Unit.COUNT, "the nice ceiling, as 20 - nice (`ulimit -e`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_RTPRIO(
            rlimit(Rlimit.Resource.RTPRIO, LimitSyntax.Unit.COUNT, "real-time priority (`ulimit -r`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    RLIMIT_RTTIME(
            rlimit(
                    Rlimit.Resource.RTTIME,
                    LimitSyntax.Unit.MICROSECONDS,
                    "real-time CPU without a blocking call (`ulimit -R`)"),
            Effect.RLIMIT,
            SpecField.RESOURCES),
    WORKINGDIR(
            Key.named("workingdir", "directory")
                    .parsedByBuilder(
                            "path", "a directory; relative paths are" + " relative to the file that holds them")
                    .dflt(Default.none("the daemon's"))
                    .describe("working directory; a missing one is a spawn error"),
            Effect.RESTART,
            SpecField.WORKING_DIR),
    USER(
            Key.named("user")
                    .parsedByBuilder("user", "a user name or uid")
                    .dflt(Default.none("—"))
                    .describe(
                            "run as this user (name or uid: its uid, gid and groups, with HOME, USER and LOGNAME set);"
                                    + " only when the daemon runs as root, else a configuration error unless it is the"
                                    + " daemon's own user"),
            Effect.RESTART,
            SpecField.USER),
    STDOUT(
            Key.named("stdout", "stdout_logfile")
                    .parsedByBuilder("output", ProgramBuilder.OUTPUT_ALLOWED)
                    .dflt(Default.of("NONE", "discarded"), Default.of("AUTO", "`AUTO`"))
                    .describe("a file (appended), `NONE`, `AUTO` (`<childlogdir>/<process>-stdout.log`), or `-` /"
                            + " `/dev/stdout` / `/dev/stderr`: the daemon's own console, each line as `process |"
                            + " line` (see [Output](#output)); with numprocs > 1, `.N` is appended to a file"
                            + " unless the path holds `%(process_num)`"),
            Effect.CAPTURE,
            SpecField.STDOUT),
    STDERR(
            Key.named("stderr", "stderr_logfile")
                    .parsedByBuilder("output", ProgramBuilder.OUTPUT_ALLOWED)
                    .dflt(Default.of("NONE", "discarded"), Default.of("AUTO", "`AUTO`"))
                    .describe("the same for stderr (`AUTO`: `<process>-stderr.log`; `-`: the daemon's stderr)"),
            Effect.CAPTURE,
            SpecField.STDERR),
    ENV(
            Key.named("env", "environment")
                    .parsedByBuilder("environment", "KEY=value,KEY2=value2")
                    .dflt(Default.none("—"))
                    .describe(
                            "`VAR1=value1,VAR2=value2`; double (or single) quotes around a value that holds a comma or"
                                    + " spaces. Added to the daemon's environment, over `[taskmasterd] environment`"),
            Effect.RESTART,
            SpecField.ENVIRONMENT),
    ENV_FILE(
            Key.named("env_file")
                    .parsedByBuilder("paths", "one or more paths separated by blanks, each may start with -")
                    .dflt(Default.none("—"))
                    .describe("files of `KEY=VALUE` lines in systemd's EnvironmentFile syntax (quotes, `#` and `;`"
                            + " comments), read again at every reload; a path starting with `-` may be missing. Later"
                            + " files override earlier ones, `env` overrides them all; all are added over"
                            + " `[taskmasterd] environment`"),
            Effect.RESTART,
            SpecField.ENVIRONMENT),
    REDIRECT_STDERR(
            Key.named("redirect_stderr")
                    .type("boolean", Values::bool)
                    .dflt(Default.of("false"))
                    .describe("send stderr to stdout's destination, in order"),
            Effect.RESTART,
            SpecField.REDIRECT_STDERR,
            SpecField.STDERR),
    STDOUT_MAXBYTES(
            Key.supervisordFirst("stdout_logfile_maxbytes", "stdout_maxbytes")
                    .type("byte size", Values.BYTE_SIZE)
                    .dflt(Default.of("50MB"))
                    .describe("rotate the file when it reaches this size (`KB`, `MB`, `GB`; `0`: never)"),
            Effect.IN_PLACE,
            SpecField.STDOUT),
    STDOUT_BACKUPS(
            Key.supervisordFirst("stdout_logfile_backups", "stdout_backups")
                    .type("integer", Values::backups)
                    .dflt(Default.of("10"))
                    .describe("rotated files kept (`file.1` … `file.N`); `0`: the file is truncated instead"),
            Effect.IN_PLACE,
            SpecField.STDOUT),
    STDERR_MAXBYTES(
            Key.supervisordFirst("stderr_logfile_maxbytes", "stderr_maxbytes")
                    .type("byte size", Values.BYTE_SIZE)
                    .dflt(Default.of("50MB"))
                    .describe("the same as `stdout_maxbytes`, for stderr"),
            Effect.IN_PLACE,
            SpecField.STDERR),
    STDERR_BACKUPS(
            Key.supervisordFirst("stderr_logfile_backups", "stderr_backups")
                    .type("integer", Values::backups)
                    .dflt(Default.of("10"))
                    .describe("the same as `stdout_backups`, for stderr"),
            Effect.IN_PLACE,
            SpecField.STDERR),
    TIMESTAMPS(
            Key.named("timestamps")
                    .type("boolean", Values::bool)
                    .dflt(Default.derived("`[taskmasterd] timestamps`"))
                    .describe("prefix every line with its local time, `2026-11-21T21:05:03.123+01:00 `"),
            Effect.IN_PLACE,
            SpecField.TIMESTAMPS),
    STDIN(
            Key.named("stdin")
                    .type("stdin", ProgramBuilder::stdin)
                    .dflt(Default.of("/dev/null", "`/dev/null`"))
                    .describe("`pipe`: a pipe the daemon holds, written through the management API (`sendStdin`) and"
                            + " `taskmasterctl fg`"),
            Effect.RESTART,
            SpecField.STDIN_PIPE),
    // Accepted and checked, with no effect (supervisord's capture mode and syslog).
    STDOUT_CAPTURE_MAXBYTES(ignored(
            "stdout_capture_maxbytes",
            "byte size",
            Values.BYTE_SIZE,
            "0",
            "supervisord's capture mode; checked, no effect")),
    STDERR_CAPTURE_MAXBYTES(ignored(
            "stderr_capture_maxbytes",
            "byte size",
            Values.BYTE_SIZE,
            "0",
            "supervisord's capture mode; checked, no effect")),
    STDOUT_EVENTS_ENABLED(
            Key.named("stdout_events_enabled")
                    .type("boolean", Values::bool)
                    .dflt(Default.of("false"))
                    .describe("send what the process writes on stdout to the event listeners as `PROCESS_LOG_STDOUT`"
                            + " events (the stream is then read through a pipe even when it is discarded)"),
            Effect.CAPTURE,
            SpecField.TAP_STDOUT),
    STDERR_EVENTS_ENABLED(
            Key.named("stderr_events_enabled")
                    .type("boolean", Values::bool)
                    .dflt(Default.of("false"))
                    .describe("the same for stderr, as `PROCESS_LOG_STDERR` events (none with `redirect_stderr`:"
                            + " stderr is then part of stdout)"),
            Effect.CAPTURE,
            SpecField.TAP_STDERR),
    STDOUT_SYSLOG(ignored(
            "stdout_syslog", "boolean", Values::bool, "false", "supervisord's syslog copy; checked, no effect")),
    STDERR_SYSLOG(ignored(
            "stderr_syslog", "boolean", Values::bool, "false", "supervisord's syslog copy; checked, no effect")),
    // The keys of [eventlistener:x] alone (see LISTENER_ONLY).
    EVENTS(
            Key.named("events")
                    .type("event types", ProgramBuilder::events)
                    .dflt(Default.none("—"), Default.required())
                    .describe("`[eventlistener:x]` only, required: the event types its processes receive,"
                            + " comma-separated; a parent type (`PROCESS_STATE`, `TICK`, `EVENT`) stands for every"
                            + " type below it"),
            Effect.IN_PLACE),
    BUFFER_SIZE(
            Key.named("buffer_size")
                    .integer(1, Integer.MAX_VALUE)
                    .dflt(Default.none("—"), Default.of("10"))
                    .describe("`[eventlistener:x]` only: events kept while no listener of the pool is ready; when"
                            + " one more comes, the oldest is dropped"),
            Effect.IN_PLACE),
    RESULT_HANDLER(Key.named("result_handler")
            .type("text", String::strip)
            .allowed(ProgramBuilder.DEFAULT_RESULT_HANDLER)
            .dflt(Default.none("—"), Default.of(ProgramBuilder.DEFAULT_RESULT_HANDLER))
            .describe("`[eventlistener:x]` only: only supervisord's default handler is supported (a"
                    + " `RESULT` of `OK` accepts the event; any other rejects it, and it is sent again);"
                    + " another value is a warning and the default is used")),
    SERVERURL(
            Key.named("serverurl")
                    .type("text", String::strip)
                    .allowed("a URL like unix:///run/supervisor.sock or http://127.0.0.1:9001, or AUTO")
                    .dflt(Default.of("AUTO"))
                    .describe("supervisord's XML-RPC URL, given to the process as `SUPERVISOR_SERVER_URL` (what"
                            + " `supervisor.childutils.getRPCInterface` connects to); `AUTO`: as supervisord"
                            + " derives it, `unix://` and the `[unix_http_server]` file, else `http://host:port`"
                            + " of `[inet_http_server]`, else none"),
            Effect.RESTART,
            SpecField.ENVIRONMENT);

    /** Keys that only an event listener's section may hold. */
    private static final Set<ProgramKey> LISTENER_ONLY = EnumSet.of(EVENTS, BUFFER_SIZE, RESULT_HANDLER);

    private final Key key;
    private final Effect effect;
    private final List<SpecField> fields;

    ProgramKey(Key key, Effect effect, SpecField... fields) {
        this.key = key;
        this.effect = effect;
        this.fields = List.of(fields);
    }

    /** A supervisord key accepted and checked, with no effect. */
    ProgramKey(Key key) {
        this(key, Effect.NONE);
    }

    /** An {@code rlimit_*} key: part of the launch, so a change relaunches the process. */
    private static Key rlimit(Rlimit.Resource resource, LimitSyntax.Unit unit, String what) {
        return Key.named("rlimit_" + resource.name().toLowerCase(java.util.Locale.ROOT))
                .type("rlimit", LimitSyntax.rlimit(resource, unit))
                .allowed(LimitSyntax.allowed(resource, unit))
                .dflt(Default.none("the daemon's"))
                .describe("RLIMIT_" + resource.name() + ", " + what + ", set before the program runs; see"
                        + " [Kernel limits](#kernel-limits-rlimit_)");
    }

    private static Key ignored(
            String name, String type, ValueReader.Parser<?> parser, String supervisordDefault, String description) {
        return Key.named(name)
                .type(type, parser)
                .dflt(Default.of(supervisordDefault))
                .describe(description);
    }

    Key key() {
        return key;
    }

    Effect effect() {
        return effect;
    }

    /** The fields of the process's spec this key sets. */
    List<SpecField> fields() {
        return fields;
    }

    /** Accepted for supervisord's files, with no effect. */
    boolean ignored() {
        return effect == Effect.NONE;
    }

    /** The {@code rlimit_*} keys, in declaration order. */
    static List<ProgramKey> rlimits() {
        return RLIMITS;
    }

    /** Once: read for every process. */
    private static final List<ProgramKey> RLIMITS =
            Arrays.stream(values()).filter(k -> k.name().startsWith("RLIMIT_")).toList();

    /** A key of {@code [eventlistener:x]} sections alone. */
    boolean listenerOnly() {
        return LISTENER_ONLY.contains(this);
    }

    /** Every name of every key, to the first key in declaration order that has it: looked up once per line read. */
    private static final Map<String, ProgramKey> BY_NAME = byNames();

    private static Map<String, ProgramKey> byNames() {
        Map<String, ProgramKey> m = new java.util.HashMap<>();
        for (ProgramKey k : values()) {
            for (String n : k.key.names()) {
                m.putIfAbsent(n, k);
            }
        }
        return Map.copyOf(m);
    }

    static Optional<ProgramKey> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    static List<String> allNames() {
        return Arrays.stream(values()).flatMap(k -> k.key.names().stream()).toList();
    }

    /**
     * The section's values by key. Unknown keys are errors with a suggestion in the spec's {@code [name]},
     * warnings in supervisord's {@code [program:x]} (which ignores them); a key given under
     * two of its names keeps the one read last, like a repeated key, with a warning.
     */
    static Map<ProgramKey, RawValue> collect(Section section, Problems problems) {
        Map<ProgramKey, RawValue> found = new EnumMap<>(ProgramKey.class);
        for (RawValue v : section.values()) {
            Optional<ProgramKey> key = byName(v.key());
            if (key.isEmpty()) {
                if (SectionKind.of(section.name()) == SectionKind.SPEC_PROGRAM) {
                    problems.error(v, KeySuggester.unknownKey(v.key(), allNames()));
                } else {
                    problems.unknownKey(v, allNames());
                }
                continue;
            }
            RawValue earlier = found.get(key.get());
            if (earlier != null) {
                RawValue loser = earlier.seq() < v.seq() ? earlier : v;
                RawValue winner = loser == earlier ? v : earlier;
                problems.warn(
                        loser,
                        "ignored: the same key is given as '" + winner.key() + "' at " + winner.file() + ":"
                                + winner.line() + ", which wins");
                found.put(key.get(), winner);
            } else {
                found.put(key.get(), v);
            }
        }
        return found;
    }
}
