package taskmaster.ctl;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import taskmaster.config.ConfigException;
import taskmaster.config.ConfigLoader;
import taskmaster.config.DaemonKey;
import taskmaster.config.RunFiles;
import taskmaster.config.Secret;
import taskmaster.model.DaemonSettings;

/**
 * Where the daemon's Jolokia is and how to log in, and where that came from (for messages).
 *
 * @param url      the Jolokia URL, like {@code http://127.0.0.1:8778/jolokia}
 * @param user     null for none
 * @param password null for none
 * @param source   where the URL came from: {@code -s}, {@code TASKMASTER_URL}, a configuration file, the default
 * @param config   the configuration file consulted (for the "start a daemon" hint), or null
 */
public record Target(String url, String user, String password, String source, Path config) {

    /** The URL of a daemon whose configuration sets no management key. */
    public static final String DEFAULT_URL =
            url("http", connectable(DaemonKey.JOLOKIA_HOST.defaultText()), DaemonKey.JOLOKIA_PORT.defaultText());

    public static final String DEFAULT_CONFIG = "conf/taskmaster.conf";
    static final String FROM_OPTION = "from -s";
    static final String FROM_ENV = "from TASKMASTER_URL";

    public URI uri() {
        return URI.create(url);
    }

    /** {@code taskmasterd at http://... (from conf/taskmaster.conf)}. */
    public String describe() {
        return "cannot reach taskmasterd at " + url + " (" + source + ")";
    }

    /**
     * The configuration file the daemon reached must serve: the one its URL was read from. Null when
     * the URL was given ({@code -s}, {@code TASKMASTER_URL}) or is the default one, for want of a file.
     */
    Path mustServe() {
        return source.equals(FROM_OPTION) || source.equals(FROM_ENV) ? null : config;
    }

    String startHint() {
        return config == null ? DEFAULT_CONFIG : config.toString();
    }

    @Override
    public String toString() {
        return "Target[" + url + ", user=" + user + ", " + source + "]";
    }

    /**
     * Resolves the target: command-line values win over the environment, which wins over the
     * configuration file ({@code given} or the default one, when it exists), which wins over the defaults.
     *
     * @param given the {@code -c} file, or null
     */
    public static Target resolve(String given, String url, String user, String password, Map<String, String> env)
            throws CtlException {
        String envUrl = blankToNull(env.get("TASKMASTER_URL"));
        String u = user != null ? user : blankToNull(env.get("TASKMASTER_USER"));
        String p = password != null ? password : blankToNull(env.get("TASKMASTER_PASSWORD"));
        Path config = configPath(given);
        if (url != null || envUrl != null) {
            String chosen = url != null ? url : envUrl;
            checkUrl(chosen);
            return new Target(chosen, u, p, url != null ? FROM_OPTION : FROM_ENV, config);
        }
        if (given == null && !Files.isRegularFile(config)) {
            return new Target(DEFAULT_URL, u, p, "the default; no " + config + " to read", null);
        }
        Map<String, String> m;
        RunFiles runFiles;
        try {
            // The daemon's section only: an error in a program being edited must not hide the daemon.
            DaemonSettings d = new ConfigLoader().loadDaemon(config);
            m = d.management();
            runFiles = RunFiles.of(d, config);
        } catch (ConfigException e) {
            throw new CtlException(
                    CtlException.USAGE,
                    "cannot read the daemon's address from " + config + ":\n  "
                            + String.join(
                                    "\n  ",
                                    e.getMessage().lines().skip(1).limit(5).toList())
                            + "\n  fix it, or give the address with -s URL");
        }
        String source = "from " + config;
        if (!DaemonKey.JOLOKIA.isOn(m)) {
            throw new CtlException(
                    CtlException.USAGE,
                    config + " sets jolokia = off: taskmasterctl talks to the"
                            + " daemon through Jolokia only (turn it on, or give another address with -s URL)");
        }
        String scheme = DaemonKey.JOLOKIA_KEYSTORE.in(m) != null ? "https" : "http";
        String host = connectable(DaemonKey.JOLOKIA_HOST.in(m));
        String port = DaemonKey.JOLOKIA_PORT.in(m);
        String chosen;
        if ("0".equals(port)) {
            Path urlFile = runFiles.url();
            try {
                chosen = Files.readString(urlFile).strip();
                source += " via " + urlFile;
            } catch (IOException e) {
                throw new CtlException(
                        CtlException.UNREACHABLE,
                        "cannot find taskmasterd of " + config
                                + ": jolokia_port = 0 and " + urlFile
                                + ", where a running daemon writes its URL, is missing"
                                + "\n  start a daemon with: bin/taskmasterd -c " + config);
            }
        } else {
            chosen = url(scheme, host, port);
        }
        String[] login = login(u, p, m, runFiles);
        return new Target(chosen, login[0], login[1], source, config);
    }

    /**
     * User and password: given (option or environment), else configured, else the secret the daemon
     * generated (none with {@code jolokia_auth = none}). Root may read another user's secret file.
     */
    private static String[] login(String u, String p, Map<String, String> m, RunFiles runFiles) throws CtlException {
        if (u != null) {
            return new String[] {u, p};
        }
        String user = DaemonKey.JOLOKIA_USER.in(m);
        if (user != null) {
            return new String[] {user, p != null ? p : DaemonKey.JOLOKIA_PASSWORD.in(m)};
        }
        if ("none".equals(DaemonKey.JOLOKIA_AUTH.in(m))) {
            return new String[] {null, null};
        }
        try {
            return Secret.read(runFiles.secret())
                    .map(s -> new String[] {s.user(), s.password()})
                    .orElse(new String[] {null, null});
        } catch (IOException e) {
            throw new CtlException(
                    CtlException.USAGE,
                    "cannot use the daemon's generated secret: " + e.getMessage()
                            + "\n  give the credentials with -u USER -p PASSWORD");
        }
    }

    /** The given file, else {@code conf/taskmaster.conf} here, else under the install ({@code taskmaster.home}). */
    static Path configPath(String given) {
        if (given != null) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        Path local = Path.of(DEFAULT_CONFIG).toAbsolutePath();
        String home = System.getProperty("taskmaster.home");
        if (!Files.exists(local) && home != null) {
            return Path.of(home, DEFAULT_CONFIG).toAbsolutePath().normalize();
        }
        return local.normalize();
    }

    /** A host to connect to for one the daemon listens on: the wildcard becomes loopback. */
    static String connectable(String host) {
        if (host == null || host.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        String bare = host.replace("[", "").replace("]", "");
        if (bare.equals("::") || bare.equals("::0")) {
            return "[::1]";
        }
        return bare.contains(":") ? "[" + bare + "]" : bare;
    }

    private static void checkUrl(String url) throws CtlException {
        try {
            URI u = URI.create(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new IllegalArgumentException("not an http or https URL");
            }
        } catch (IllegalArgumentException e) {
            throw new CtlException(
                    CtlException.USAGE, "'" + url + "' is not a Jolokia URL (expected like " + DEFAULT_URL + ")");
        }
    }

    private static String url(String scheme, String host, String port) {
        return scheme + "://" + host + ":" + port + "/jolokia";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
