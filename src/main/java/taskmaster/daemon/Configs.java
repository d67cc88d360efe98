package taskmaster.daemon;

import java.nio.file.Path;
import taskmaster.config.ConfigException;
import taskmaster.config.ConfigLoader;
import taskmaster.config.RunFiles;
import taskmaster.model.Configuration;

/** Loading the configuration, and where the daemon's lock lives. */
final class Configs {

    private Configs() {}

    static Configuration load(Path file) throws ConfigException {
        return new ConfigLoader().load(file);
    }

    /** Where the daemon's own files are (lock, url, secret, state): see {@link RunFiles}. */
    static RunFiles runFiles(Configuration config) {
        return RunFiles.of(config.daemon(), config.file());
    }

    /** The file that keeps a second daemon off this configuration: the pidfile, or a lock in the run folder. */
    static Path lockFile(Configuration config) {
        return runFiles(config).lock();
    }
}
