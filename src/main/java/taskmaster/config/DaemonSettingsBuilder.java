package taskmaster.config;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import taskmaster.model.DaemonSettings;
import taskmaster.model.RpcServerSettings;

/**
 * {@code [taskmasterd]} and {@code [supervisord]} into {@link DaemonSettings}. Both may appear; they
 * are one section then, the value read last winning.
 */
final class DaemonSettingsBuilder {
    static final String NO_FILE = ", or NONE";

    private final Problems problems;
    private final LoaderInputs inputs;
    private boolean strict;

    DaemonSettingsBuilder(Problems problems, LoaderInputs inputs) {
        this.problems = problems;
        this.inputs = inputs;
    }

    DaemonSettings build(List<Section> sections) {
        return build(sections, RpcServerSettings.NONE);
    }

    /** @param rpc the server sections' settings ({@link ServerSettingsBuilder}), kept with the daemon's */
    DaemonSettings build(List<Section> sections, RpcServerSettings rpc) {
        Map<DaemonKey, RawValue> keys = collect(sections);
        Map<String, String> names = new HashMap<>(Sources.envNames(inputs.env()));
        names.put("host_node_name", inputs.hostNodeName());
        ValueReader r = new ValueReader(problems, names);

        Map<String, String> environment = r.env(keys.get(DaemonKey.ENVIRONMENT));
        r.addEnv(environment);
        Map<String, String> management = new LinkedHashMap<>();
        keys.forEach((key, raw) -> {
            switch (key.role()) {
                case MANAGEMENT -> management.put(key.key(), r.read(raw, parser(key), ""));
                case MANAGEMENT_PATH ->
                    management.put(
                            key.key(),
                            r.read(
                                    raw,
                                    v -> parser(key)
                                            .parse(ConfigPaths.resolve(raw.here(), v)
                                                    .toString()),
                                    ""));
                case IGNORED -> problems.warn(raw, "ignored (taskmasterd has no use for it)");
                case SETTING -> {}
            }
        });
        strict = read(r, keys, DaemonKey.STRICT);
        pair(keys, DaemonKey.JOLOKIA_USER, DaemonKey.JOLOKIA_PASSWORD);
        pair(keys, DaemonKey.JOLOKIA_PASSWORD, DaemonKey.JOLOKIA_USER);
        pair(keys, DaemonKey.JOLOKIA_KEYSTORE, DaemonKey.JOLOKIA_KEYSTORE_PASSWORD);
        pair(keys, DaemonKey.JOLOKIA_KEYSTORE_PASSWORD, DaemonKey.JOLOKIA_KEYSTORE);
        return new DaemonSettings(
                file(r, keys.get(DaemonKey.LOGFILE)),
                read(r, keys, DaemonKey.LOGFILE_MAXBYTES),
                read(r, keys, DaemonKey.LOGFILE_BACKUPS),
                read(r, keys, DaemonKey.LOGLEVEL),
                file(r, keys.get(DaemonKey.PIDFILE)),
                directory(r, keys.get(DaemonKey.CHILDLOGDIR), inputs.defaultChildLogDir()),
                environment,
                read(r, keys, DaemonKey.UMASK),
                directory(r, keys.get(DaemonKey.DIRECTORY), null),
                read(r, keys, DaemonKey.NODAEMON),
                management,
                read(r, keys, DaemonKey.TIMESTAMPS),
                directory(r, keys.get(DaemonKey.RUNDIR), null),
                rpc,
                read(r, keys, DaemonKey.SAMPLE_INTERVAL));
    }

    /** {@code strict = true} in the sections {@link #build} read. */
    boolean strict() {
        return strict;
    }

    /** The key's value by its declared parser, or its declared default. */
    private static <T> T read(ValueReader r, Map<DaemonKey, RawValue> keys, DaemonKey key) {
        return r.read(
                keys.get(key),
                key.declaration().typedParser(),
                key.declaration().defaultValue(Dialect.SPEC));
    }

    private static ValueReader.Parser<String> parser(DaemonKey key) {
        return key.declaration().typedParser();
    }

    /** Keys that only make sense together: {@code key} without {@code partner} is an error. */
    private void pair(Map<DaemonKey, RawValue> keys, DaemonKey key, DaemonKey partner) {
        if (keys.containsKey(key) && !keys.containsKey(partner)) {
            problems.error(
                    keys.get(key),
                    "is set without " + partner.key() + " (allowed: both " + key.key() + " and " + partner.key()
                            + ", or neither)");
        }
    }

    private Map<DaemonKey, RawValue> collect(List<Section> sections) {
        Map<DaemonKey, RawValue> keys = new EnumMap<>(DaemonKey.class);
        sections.stream()
                .flatMap(s -> s.values().stream())
                .sorted(Comparator.comparingLong(RawValue::seq))
                .forEach(v -> {
                    Optional<DaemonKey> key = DaemonKey.byName(v.key());
                    if (key.isPresent()) {
                        keys.put(key.get(), v);
                    } else if (v.section().equals("supervisord")) {
                        problems.unknownKey(v, DaemonKey.allNames());
                    } else {
                        // [taskmasterd] is ours: nobody's file relies on a key we do not know there.
                        problems.error(v, KeySuggester.unknownKey(v.key(), DaemonKey.allNames()));
                    }
                });
        return keys;
    }

    private Path file(ValueReader r, RawValue raw) {
        return r.read(raw, v -> Values.isNone(v) ? null : ConfigPaths.fileToWrite(raw.here(), v, NO_FILE), null);
    }

    private Path directory(ValueReader r, RawValue raw, Path dflt) {
        return r.read(raw, v -> ConfigPaths.existingDirectory(raw.here(), v), dflt);
    }
}
