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

    /**
     * The program sections are scanned and not parsed: what is read of the rest is the same, a
     * continuation line of a program's value that looks like a header is still a continuation, a
     * malformed header still fails the read, with its line, and a key line without a key in a
     * program section is left to the daemon's own load.
     */
    @Test
    void theProgramSectionsAreScannedNotParsed(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("main.conf");
        Files.writeString(conf, """
            [program:web]
            command = /bin/echo
              [taskmasterd]
              jolokia_port = 1
            [taskmasterd]
            jolokia_port = 0
            [inet_http_server]
            port = 127.0.0.1:0
            username = u
            password = p
            """);
        var daemon = new ConfigLoader().loadDaemon(conf);
        assertThat(daemon.management()).containsEntry("jolokia_port", "0");
        assertThat(daemon).isEqualTo(new ConfigLoader().load(conf).daemon());

        Files.writeString(conf, "[taskmasterd]\n[program:web]\n= /bin/echo\n");
        assertThat(new ConfigLoader().loadDaemon(conf).management()).doesNotContainKey("jolokia_port");
        assertThatThrownBy(() -> new ConfigLoader().load(conf)).isInstanceOf(ConfigException.class);
        Files.writeString(conf, "[taskmasterd]\n[program:web]\ncommand = /bin/echo\n[bad\n");
        assertThatThrownBy(() -> new ConfigLoader().loadDaemon(conf))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(conf + ":4:")
                .hasMessageContaining("malformed section header '[bad'");
    }

    /** Every shipped file: the daemon's settings read alone are those of the whole load. */
    @Test
    void theShippedFilesGiveTheSameDaemonSettingsReadAloneAsInTheWholeLoad(@TempDir Path tmp) throws Exception {
        Path confDir = Path.of("..", "conf").toAbsolutePath().normalize();
        // The main files: the ones in conf.d/ are included by them, and not files of their own.
        try (var files = java.util.stream.Stream.concat(Files.list(confDir), Files.list(confDir.resolve("examples")))) {
            var confs =
                    files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
            assertThat(confs).hasSizeGreaterThan(3);
            for (Path f : confs) {
                ConfigLoader loader = new ConfigLoader(TestConfigs.inputs(tmp));
                assertThat(loader.loadDaemon(f))
                        .as("%s", f)
                        .isEqualTo(loader.load(f).daemon());
            }
        }
    }
}
