package taskmaster.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import taskmaster.model.DaemonSettings;

/**
 * Every key of {@code [taskmasterd]} and of supervisord's {@code [supervisord]}, which maps onto it,
 * declared once: type, default (the same in both sections, which are one), description, role and
 * what a reload does with a change. The management layer and taskmasterctl read the management
 * keys through it.
 */
public enum DaemonKey {
    LOGFILE(
            Key.named("logfile")
                    .parsedByBuilder("path", "a file path" + DaemonSettingsBuilder.NO_FILE)
                    .dflt(Default.none("none (console only)"))
                    .describe("the event log"),
            Role.SETTING,
            Effect.DAEMON_RELOAD),
    LOGFILE_MAXBYTES(
            Key.named("logfile_maxbytes")
                    .type("byte size", Values.BYTE_SIZE)
                    .dflt(Default.of("50MB"))
                    .describe("rotate the event log at this size (`0`: never)"),
            Role.SETTING,
            Effect.DAEMON_RELOAD),
    LOGFILE_BACKUPS(
            Key.named("logfile_backups")
                    .type("integer", Values::backups)
                    .dflt(Default.of("10"))
                    .describe("rotated event logs kept"),
            Role.SETTING,
            Effect.DAEMON_RELOAD),
    LOGLEVEL(
            Key.named("loglevel")
                    .type("log level", Values::loglevel)
                    .dflt(Default.of("info"))
                    .describe("`critical`, `error`, `warn`, `info`, `debug`, `trace`"),
            Role.SETTING,
            Effect.DAEMON_RELOAD),
    PIDFILE(
            Key.named("pidfile")
                    .parsedByBuilder("path", "a file path" + DaemonSettingsBuilder.NO_FILE)
                    .dflt(Default.none("none"))
                    .describe("holds the daemon's pid, locked: a second daemon on it is refused. Without one, a lock in"
                            + " the run folder named after the configuration file does the same (see [The daemon's"
                            + " own files](#the-daemons-own-files))"),
            Role.SETTING,
            Effect.DAEMON_START),
    CHILDLOGDIR(
            Key.named("childlogdir")
                    .parsedByBuilder("path", "an existing directory")
                    .dflt(Default.derived("the temp folder"))
                    .describe(
                            "where `AUTO` log files go (stable names: never deleted at start, so they survive a daemon"
                                    + " restart)"),
            Role.SETTING,
            Effect.PROGRAMS),
    ENVIRONMENT(
            Key.named("environment")
                    .parsedByBuilder("environment", "KEY=value,KEY2=value2")
                    .dflt(Default.none("—"))
                    .describe("added to every program's environment"),
            Role.SETTING,
            Effect.PROGRAMS),
    UMASK(
            Key.named("umask")
                    .type("octal", Values::umask)
                    .dflt(Default.none("the daemon's"))
                    .describe("the daemon's own umask, as supervisord's"),
            Role.SETTING,
            Effect.DAEMON_START),
    DIRECTORY(
            Key.named("directory")
                    .parsedByBuilder("path", "an existing directory")
                    .dflt(Default.none("none"))
                    .describe("the daemon's working directory once it detaches, as supervisord's"),
            Role.SETTING,
            Effect.DAEMON_START),
    NODAEMON(
            Key.named("nodaemon")
                    .type("boolean", Values::bool)
                    .dflt(Default.of("false"))
                    .describe("stay in the foreground, as supervisord's"),
            Role.SETTING,
            Effect.DAEMON_START),
    TIMESTAMPS(
            Key.named("timestamps")
                    .type("boolean", Values::bool)
                    .dflt(Default.of("false"))
                    .describe("the default of every program's `timestamps`"),
            Role.SETTING,
            Effect.PROGRAMS),
    RUNDIR(
            Key.named("rundir")
                    .parsedByBuilder("path", "an existing directory")
                    .dflt(Default.derived("see below"))
                    .describe("the private folder of the daemon's own files (url, secret, state); refused at start when"
                            + " others may write to it or to a folder above it without the sticky bit"),
            Role.SETTING,
            Effect.DAEMON_START),
    STRICT(
            Key.named("strict")
                    .type("boolean", Values::bool)
                    .dflt(Default.of("false"))
                    .describe("refuse the keys supervisord ignores: an unknown key in `[supervisord]`, `[program:x]`,"
                            + " `[group:x]` or `[include]` is then an error, not a warning (as `taskmasterd"
                            + " --strict`). Unknown keys in `[taskmasterd]` and `[name]` are errors either way"),
            Role.SETTING,
            Effect.DAEMON_RELOAD),
    SAMPLE_INTERVAL(
            Key.named("sample_interval")
                    .type("seconds", v -> Values.integer(v, 0, 86400))
                    .dflt(Default.of(Integer.toString(DaemonSettings.DEFAULT_SAMPLE_INTERVAL)))
                    .describe("seconds between two samples of what every running process costs (CPU, memory,"
                            + " threads, descriptors, I/O; see [Resources](#resources)); `0`: only when the figures"
                            + " are read, at most once a second"),
            Role.SETTING,
            Effect.DAEMON_RELOAD),
    // supervisord keys with no meaning here: accepted so that its files load.
    MINFDS(ignored("minfds"), Role.IGNORED),
    MINPROCS(ignored("minprocs"), Role.IGNORED),
    NOCLEANUP(ignored("nocleanup"), Role.IGNORED),
    IDENTIFIER(ignored("identifier"), Role.IGNORED),
    SILENT(ignored("silent"), Role.IGNORED),
    STRIP_ANSI(ignored("strip_ansi"), Role.IGNORED),
    USER(ignored("user"), Role.IGNORED),
    // Management (JMX, Jolokia): kept as strings in DaemonSettings.management, applied at the next start.
    JOLOKIA(management("jolokia")
            .type("boolean", ManagementValues::bool)
            .dflt(Default.of("on"))
            .describe("`off` disables the HTTP/JSON agent")),
    JOLOKIA_HOST(management("jolokia_host")
            .type("host", ManagementValues::host)
            .dflt(Default.of("127.0.0.1"))
            .describe("the address Jolokia binds; a non-loopback address needs `jolokia_keystore` (or"
                    + " `jolokia_plaintext = true`), else the daemon refuses to start")),
    JOLOKIA_PORT(management("jolokia_port")
            .type("port", ManagementValues::port)
            .dflt(Default.of("8778"))
            .describe("`0` picks a free port (see `<pidfile>.url`)")),
    JOLOKIA_USER(management("jolokia_user")
            .type("user name", ManagementValues::user)
            .dflt(Default.none("the generated secret"))
            .describe("HTTP basic auth, with `jolokia_password`: both or neither. Without them the daemon uses the"
                    + " secret it generated, `<run folder>/<pidfile name>.secret` (see [Security](#security))")),
    JOLOKIA_PASSWORD(management("jolokia_password")
            .type("password", ManagementValues::password)
            .allowed("a non-empty password")
            .dflt(Default.none("the generated secret"))
            .describe("the password of `jolokia_user`")),
    JOLOKIA_POLICY(
            managementPath("jolokia_policy")
                    .dflt(Default.none("the shipped policy"))
                    .describe("a Jolokia policy file; a path that is given but missing or unreadable is an error"),
            Role.MANAGEMENT_PATH),
    JOLOKIA_KEYSTORE(
            managementPath("jolokia_keystore")
                    .dflt(Default.none("none"))
                    .describe("serve HTTPS with this keystore (PKCS12, or JKS when the name ends in `.jks`), with"
                            + " `jolokia_keystore_password`: both or neither"),
            Role.MANAGEMENT_PATH),
    JOLOKIA_KEYSTORE_PASSWORD(management("jolokia_keystore_password")
            .type("password", ManagementValues::password)
            .allowed("a non-empty password")
            .dflt(Default.none("none"))
            .describe("the password of `jolokia_keystore`")),
    JOLOKIA_AUTH(management("jolokia_auth")
            .type("mode", ManagementValues::auth)
            .dflt(Default.of("basic"))
            .describe("`none` turns authentication off: loopback only (refused at start otherwise), warned about"
                    + " at every start")),
    JOLOKIA_ALLOW_ORIGIN(management("jolokia_allow_origin")
            .type("origins", ManagementValues::origins)
            .dflt(Default.none("none"))
            .describe("browser origins (`scheme://host[:port]`, comma-separated) whose requests are served, such"
                    + " as Hawtio's; every other request carrying an `Origin` (or a `Referer`) gets 403")),
    JOLOKIA_ALLOW_HOST(management("jolokia_allow_host")
            .type("hosts", ManagementValues::hosts)
            .dflt(Default.none("none"))
            .describe("names a request's `Host` may carry besides the bound address, the configured"
                    + " `jolokia_host` and `localhost` (comma-separated); any other gets 403")),
    JOLOKIA_PLAINTEXT(management("jolokia_plaintext")
            .type("boolean", ManagementValues::bool)
            .dflt(Default.of("false"))
            .describe("`true` lets a password cross a non-loopback network without TLS (warned about at every"
                    + " start)")),
    JMX_PORT(management("jmx_port")
            .type("port", ManagementValues::portOrOff)
            .dflt(Default.of("off"))
            .describe("the RMI registry port of the JMX connector (`0`: a free one, logged)")),
    JMX_HOST(management("jmx_host")
            .type("host", ManagementValues::host)
            .dflt(Default.of("127.0.0.1"))
            .describe("the address it binds; a non-loopback one needs `jmx_users` and `jmx_plaintext = true` (the"
                    + " connector has no TLS)")),
    JMX_RMI_PORT(management("jmx_rmi_port")
            .type("port", ManagementValues::port)
            .dflt(Default.derived("`jmx_port`"))
            .describe("the connector's own port")),
    JMX_USERS(management("jmx_users")
            .type("users", ManagementValues::users)
            .dflt(Default.none("none"))
            .describe("`alice:secret:readwrite,bob:pw:readonly`: user:password:access, comma-separated; none means"
                    + " the generated credential (user `taskmaster`, readwrite, in the secret file)")),
    JMX_PLAINTEXT(management("jmx_plaintext")
            .type("boolean", ManagementValues::bool)
            .dflt(Default.of("false"))
            .describe("`true` lets the connector listen on a network address without TLS: passwords cross the"
                    + " network in clear (a warning at every start)"));

    enum Role {
        SETTING,
        IGNORED,
        MANAGEMENT,
        MANAGEMENT_PATH
    }

    private final Key key;
    private final Role role;
    private final Effect effect;

    DaemonKey(Key key, Role role, Effect effect) {
        this.key = key;
        this.role = role;
        this.effect = effect;
    }

    /** A management key: its value is kept as a string, read again by the management layer at start. */
    DaemonKey(Key key) {
        this(key, Role.MANAGEMENT);
    }

    /** A management key, or (IGNORED) a supervisord key of no use here: accepted, with a warning. */
    DaemonKey(Key key, Role role) {
        this(key, role, role == Role.IGNORED ? Effect.NONE : Effect.DAEMON_START);
    }

    private static Key.Builder management(String name) {
        return Key.named(name);
    }

    private static Key.Builder managementPath(String name) {
        return Key.named(name).type("path", ManagementValues::readableFile);
    }

    private static Key ignored(String name) {
        return Key.named(name)
                .type("text", v -> v)
                .allowed("any text (ignored)")
                .dflt(Default.none("—"))
                .describe("supervisord's; accepted so that its files load, ignored with a warning");
    }

    Key declaration() {
        return key;
    }

    Role role() {
        return role;
    }

    Effect effect() {
        return effect;
    }

    /** The key as written in the file. */
    public String key() {
        return key.names().getFirst();
    }

    /** The declared default as it would be written in the file; null when there is none to write. */
    public String defaultText() {
        return key.spec().text();
    }

    /**
     * The value in {@code management} (the map {@code DaemonSettings.management} keeps, already
     * checked), else the declared default; null when neither.
     */
    public String in(Map<String, String> management) {
        String v = management.get(key());
        return v == null || v.isBlank() ? defaultText() : v.strip();
    }

    /** The value of a boolean key, or its default. */
    public boolean isOn(Map<String, String> management) {
        String v = in(management);
        try {
            return v != null && Values.bool(v);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException(key() + ": " + e.getMessage(), e);
        }
    }

    /** The value of a port key; empty when it is off or not set and has no default. */
    public OptionalInt port(Map<String, String> management) {
        String v = in(management);
        return v == null || Values.isNone(v) ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v));
    }

    /** The items of a comma-separated list key, lower case. */
    public List<String> lowerCaseList(Map<String, String> management) {
        String v = in(management);
        if (v == null) {
            return List.of();
        }
        return Arrays.stream(v.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    static Optional<DaemonKey> byName(String name) {
        return Arrays.stream(values()).filter(k -> k.key().equals(name)).findFirst();
    }

    static List<String> allNames() {
        return Arrays.stream(values()).map(DaemonKey::key).toList();
    }
}
