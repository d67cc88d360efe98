package taskmaster.daemon;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import taskmaster.config.ConfigException;
import taskmaster.config.ConfigLoader;
import taskmaster.model.Configuration;

/** Loading the configuration, and where the daemon's lock lives. */
final class Configs {

    private Configs() {
    }

    static Configuration load(Path file) throws ConfigException {
        return new ConfigLoader().load(file);
    }

    /**
     * The file that keeps a second daemon off this configuration: the pidfile when there is one,
     * else a lock in the temp folder named after the configuration's path.
     */
    static Path lockFile(Configuration config) {
        if (config.daemon().pidfile() != null) {
            return config.daemon().pidfile();
        }
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(config.file().toString().getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String id = HexFormat.of().formatHex(digest, 0, 8);
        return Path.of(System.getProperty("java.io.tmpdir"), "taskmasterd-" + id + ".lock");
    }
}
