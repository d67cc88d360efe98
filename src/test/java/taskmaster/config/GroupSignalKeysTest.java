package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;

/**
 * stopasgroup and killasgroup: every combination supervisord accepts loads, in both dialects.
 * supervisord's option parser: stopasgroup defaults to false, killasgroup to stopasgroup, and
 * stopasgroup=true with killasgroup=false is refused. Ours differs only where a key is absent
 * and the other does not force it: stopasgroup then defaults to true.
 */
class GroupSignalKeysTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{0}] stopasgroup={1} killasgroup={2} -> {3} {4}")
    @CsvSource(
            nullValues = "-",
            value = {
                // section, stopasgroup, killasgroup, expected stop, expected kill
                "program:x, -,     -,     true,  true",
                "program:x, -,     true,  true,  true",
                "program:x, -,     false, false, false",
                "program:x, true,  -,     true,  true",
                "program:x, true,  true,  true,  true",
                "program:x, false, -,     false, false",
                "program:x, false, true,  false, true",
                "program:x, false, false, false, false",
                "x,         -,     false, false, false",
                "x,         false, true,  false, true",
            })
    void everyCombinationSupervisordAcceptsLoads(
            String section, String stop, String kill, boolean expectStop, boolean expectKill) throws ConfigException {
        StringBuilder text = new StringBuilder("[" + section + "]\ncommand = sleep 1\n");
        if (stop != null) {
            text.append("stopasgroup = ").append(stop).append('\n');
        }
        if (kill != null) {
            text.append("killasgroup = ").append(kill).append('\n');
        }
        ProcessSpec p = TestConfigs.load(dir, text.toString()).processes().getFirst();
        assertThat(p.stopAsGroup()).isEqualTo(expectStop);
        assertThat(p.killAsGroup()).isEqualTo(expectKill);
    }

    @Test
    void theOneCombinationSupervisordRefusesIsRefused() {
        assertThat(TestConfigs.errors(dir, "[program:x]\ncommand = x\nstopasgroup = true\nkillasgroup = false\n"))
                .containsExactly(dir.resolve("main.conf") + ":4: [program:x] killasgroup: 'false' conflicts with"
                        + " stopasgroup=true (allowed: killasgroup=true whenever stopasgroup=true)");
    }

    /** A real supervisord file; what supervisord 4.2 itself reads from it is in the comments. */
    @Test
    void aSupervisordFileLoadsUnchanged() throws ConfigException, URISyntaxException {
        Path file = Path.of(getClass().getResource("supervisord-groups.conf").toURI());
        Configuration c = new ConfigLoader(TestConfigs.inputs(dir)).load(file);
        Map<String, String> groups = c.processes().stream()
                .collect(Collectors.toMap(ProcessSpec::name, p -> p.stopAsGroup() + "/" + p.killAsGroup()));
        assertThat(groups)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "plain", "true/true", // supervisord: false/false (our default: groups)
                        "celery", "true/true", // supervisord: false/true
                        "gunicorn", "true/true",
                        "nginx", "false/false",
                        "php-fpm", "false/false",
                        "queue_00", "false/true",
                        "queue_01", "false/true",
                        "both-off", "false/false",
                        "both-on", "true/true"));
    }
}
