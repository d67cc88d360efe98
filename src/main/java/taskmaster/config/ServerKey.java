package taskmaster.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of supervisord's {@code [unix_http_server]} and {@code [inet_http_server]}, declared once
 * (a key both sections have, like {@code username}, is one declaration), as {@link SectionKey}
 * declares those of {@code [group:x]} and {@code [include]}. The XML-RPC server reads what
 * {@link ServerSettingsBuilder} makes of them.
 */
enum ServerKey {
    FILE(
            Set.of(SectionKind.UNIX_HTTP_SERVER),
            Key.named("file")
                    .parsedByBuilder("path", "a socket path (up to 107 bytes), relative to the file that holds it")
                    .dflt(Default.required())
                    .describe("the unix socket supervisorctl connects to (`serverurl = unix:///path`); a stale"
                            + " socket left there is replaced when nothing listens on it, and the socket is removed"
                            + " at shutdown")),
    CHMOD(
            Set.of(SectionKind.UNIX_HTTP_SERVER),
            Key.named("chmod")
                    .type("octal", ServerValues::mode)
                    .dflt(Default.of("0700"))
                    .describe("the socket's mode, set before it can be reached: who may connect (write permission)")),
    CHOWN(
            Set.of(SectionKind.UNIX_HTTP_SERVER),
            Key.named("chown")
                    .type("user[:group]", ServerValues::owner)
                    .dflt(Default.none("the daemon's user"))
                    .describe("the socket's owner and group, names or ids; an unknown one or one the daemon may not"
                            + " give stops the start")),
    PORT(
            Set.of(SectionKind.INET_HTTP_SERVER),
            Key.named("port")
                    .type("host:port", ServerValues::inetPort)
                    .dflt(Default.required())
                    .describe("`127.0.0.1:9001`; `9001`, `:9001` or `*:9001` mean every interface (`0` picks a free"
                            + " port, logged). An address that is not loopback needs `username` and `password`, else"
                            + " the daemon refuses to start")),
    USERNAME(
            Set.of(SectionKind.UNIX_HTTP_SERVER, SectionKind.INET_HTTP_SERVER),
            Key.named("username")
                    .type("user name", ServerValues::username)
                    .allowed("a non-empty name without ':'")
                    .dflt(Default.none("none: no authentication"))
                    .describe("HTTP basic authentication, with `password`: both or neither")),
    PASSWORD(
            Set.of(SectionKind.UNIX_HTTP_SERVER, SectionKind.INET_HTTP_SERVER),
            Key.named("password")
                    .type("password", ServerValues::password)
                    .allowed("a non-empty password, or {SHA} and the hex SHA-1 of one")
                    .dflt(Default.none("none"))
                    .describe("the password of `username`, in clear or as `{SHA}` and its hex SHA-1, as supervisord"
                            + " takes it"));

    private final Set<SectionKind> sections;
    private final Key key;

    ServerKey(Set<SectionKind> sections, Key key) {
        this.sections = sections;
        this.key = key;
    }

    Key key() {
        return key;
    }

    Set<SectionKind> sections() {
        return sections;
    }

    /** A server key changes what is listening: it applies at the daemon's next start, as Jolokia's keys do. */
    Effect effect() {
        return Effect.DAEMON_START;
    }

    String keyName() {
        return key.specName();
    }

    /** The sections, as the tables show them. */
    String sectionNames() {
        return String.join(
                ", ",
                Arrays.stream(SectionKind.values())
                        .filter(sections::contains)
                        .map(ServerKey::sectionName)
                        .toList());
    }

    static String sectionName(SectionKind kind) {
        return kind == SectionKind.UNIX_HTTP_SERVER ? "[unix_http_server]" : "[inet_http_server]";
    }

    /** The names of the keys of {@code kind}, for the unknown-key suggestions. */
    static List<String> names(SectionKind kind) {
        return Arrays.stream(values())
                .filter(k -> k.sections.contains(kind))
                .map(ServerKey::keyName)
                .toList();
    }

    static List<String> allNames() {
        return Arrays.stream(values()).map(ServerKey::keyName).toList();
    }

    static Optional<ServerKey> byName(String name) {
        return Arrays.stream(values()).filter(k -> k.keyName().equals(name)).findFirst();
    }
}
