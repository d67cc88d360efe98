package taskmaster.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import taskmaster.model.RpcServerSettings;
import taskmaster.model.RpcServerSettings.Credentials;

/**
 * {@code [unix_http_server]} and {@code [inet_http_server]} into {@link RpcServerSettings}, with
 * supervisord's rules: {@code file} and {@code port} are required, {@code username} and
 * {@code password} go together, an unknown key is a warning (supervisord ignores it).
 */
final class ServerSettingsBuilder {
    private static final Pattern SHA1_HEX = Pattern.compile("[0-9a-fA-F]{40}");
    static final String SHA = "{SHA}";

    private final Problems problems;
    private final ValueReader reader;

    ServerSettingsBuilder(Problems problems, LoaderInputs inputs) {
        this.problems = problems;
        Map<String, String> names = new HashMap<>(Sources.envNames(inputs.env()));
        names.put("host_node_name", inputs.hostNodeName());
        this.reader = new ValueReader(problems, names);
    }

    /** @param sections every section of the files; only the two server sections are read */
    RpcServerSettings build(List<Section> sections) {
        RpcServerSettings.Unix unix = null;
        RpcServerSettings.Inet inet = null;
        for (Section s : sections) {
            SectionKind kind = SectionKind.of(s.name());
            if (kind == SectionKind.UNIX_HTTP_SERVER) {
                unix = unix(s);
            } else if (kind == SectionKind.INET_HTTP_SERVER) {
                inet = inet(s);
            }
        }
        return new RpcServerSettings(unix, inet);
    }

    private RpcServerSettings.Unix unix(Section s) {
        warnUnknown(s, SectionKind.UNIX_HTTP_SERVER);
        Credentials credentials = credentials(s);
        RawValue file = required(s, ServerKey.FILE);
        Path path = file == null ? null : reader.read(file, v -> ConfigPaths.resolve(file.here(), v), null);
        Integer mode = read(s, ServerKey.CHMOD);
        String[] owner = read(s, ServerKey.CHOWN);
        if (path == null) {
            return null;
        }
        return new RpcServerSettings.Unix(
                path, mode, owner == null ? null : owner[0], owner == null ? null : owner[1], credentials);
    }

    private RpcServerSettings.Inet inet(Section s) {
        warnUnknown(s, SectionKind.INET_HTTP_SERVER);
        Credentials credentials = credentials(s);
        RawValue port = required(s, ServerKey.PORT);
        Object[] hostPort = port == null ? null : read(s, ServerKey.PORT);
        if (hostPort == null) {
            return null;
        }
        return new RpcServerSettings.Inet((String) hostPort[0], (Integer) hostPort[1], credentials);
    }

    /** Both or neither, as supervisord requires; a {@code {SHA}} password that no password can match is warned about. */
    private Credentials credentials(Section s) {
        RawValue user = s.get(ServerKey.USERNAME.keyName());
        RawValue password = s.get(ServerKey.PASSWORD.keyName());
        if ((user == null) != (password == null)) {
            RawValue given = user == null ? password : user;
            ServerKey missing = user == null ? ServerKey.USERNAME : ServerKey.PASSWORD;
            problems.error(
                    given,
                    "is set without " + missing.keyName() + " (allowed: both username and password, or neither)");
            return null;
        }
        if (user == null) {
            return null;
        }
        String name = read(s, ServerKey.USERNAME);
        String secret = read(s, ServerKey.PASSWORD);
        if (name == null || secret == null) {
            return null;
        }
        if (secret.startsWith(SHA)) {
            String hex = secret.substring(SHA.length());
            if (!SHA1_HEX.matcher(hex).matches()) {
                problems.warn(
                        password,
                        "{SHA} is not followed by 40 hex digits: no password matches it (allowed: {SHA} and the hex"
                                + " SHA-1 of the password, like the output of: printf %s PASSWORD | sha1sum)");
            } else {
                secret = SHA + hex.toLowerCase(Locale.ROOT);
            }
        }
        return new Credentials(name, secret);
    }

    private RawValue required(Section s, ServerKey key) {
        RawValue v = s.get(key.keyName());
        if (v == null) {
            problems.error(
                    s,
                    key.keyName(),
                    "is required but missing (allowed: " + key.keyName() + " = "
                            + key.key().allowed() + ")");
        }
        return v;
    }

    /** The key's value by its parser, or its declared default. */
    private <T> T read(Section s, ServerKey key) {
        return reader.read(
                s.get(key.keyName()), key.key().typedParser(), key.key().defaultValue(Dialect.SUPERVISORD));
    }

    private void warnUnknown(Section s, SectionKind kind) {
        List<String> known = ServerKey.names(kind);
        s.values().stream().filter(v -> !known.contains(v.key())).forEach(v -> problems.unknownKey(v, known));
    }
}
