package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading only the daemon's settings: what taskmasterctl needs to find the daemon. */
class LoadDaemonTest {

    @Test
    void aBrokenProgramDoesNotHideTheDaemonsSettings(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("main.conf");
        Files.writeString(conf, """
            [taskmasterd]
            pidfile = %(here)s/tm.pid
            jolokia_port = 0
            [include]
            files = more.conf
            [web]
            cmd =
            numprocs = many
            """);
        Files.writeString(dir.resolve("more.conf"), "[taskmasterd]\njolokia_user = ops\njolokia_password = pw\n");
        assertThatThrownBy(() -> new ConfigLoader().load(conf)).isInstanceOf(ConfigException.class);
        var daemon = new ConfigLoader().loadDaemon(conf);
        assertThat(daemon.pidfile()).isEqualTo(dir.resolve("tm.pid"));
        assertThat(daemon.management()).containsEntry("jolokia_port", "0").containsEntry("jolokia_user", "ops");
    }

    @Test
    void errorsInTheDaemonsSectionAreReportedWithTheirLine(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("main.conf");
        Files.writeString(conf, "[taskmasterd]\nloglevel = loud\n");
        assertThatThrownBy(() -> new ConfigLoader().loadDaemon(conf))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(conf + ":2: [taskmasterd] loglevel");
    }
}
