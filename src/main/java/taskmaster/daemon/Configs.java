package taskmaster.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import taskmaster.config.ConfigException;
import taskmaster.config.ConfigLoader;
import taskmaster.config.RunFiles;
import taskmaster.model.Configuration;
import taskmaster.model.Scale;

/** Loading the configuration, and where the daemon's lock lives. */
final class Configs {

    /**
     * {@code taskmasterd --strict}: set once at start, before any load, and kept for every reload
     * of this daemon (one daemon per JVM).
     */
    private static volatile boolean strict;

    private Configs() {}

    static void strict(boolean on) {
        strict = on;
    }

    static boolean strict() {
        return strict;
    }

    static Configuration load(Path file) throws ConfigException {
        return load(file, strict);
    }

    static Configuration load(Path file, boolean strictLoad) throws ConfigException {
        return new ConfigLoader().strict(strictLoad).load(file);
    }

    /** With the operator's scale overrides applied where the files' numprocs is still theirs. */
    static Configuration load(Path file, Map<String, Scale> scales) throws ConfigException {
        return new ConfigLoader().strict(strict).scales(scales).load(file);
    }

    /** The differences from supervisord that apply to a loaded file, for --check-config. */
    static List<String> notes(Configuration c) throws ConfigException {
        return new ConfigLoader().notes(c);
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
