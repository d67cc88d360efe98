package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.DaemonSettings;

/** The keys that say who may reach Jolokia: checked at load, kept raw for the management layer. */
class JolokiaKeysTest {

    @TempDir
    Path dir;

    private String at(int line) {
        return dir.resolve("main.conf") + ":" + line + ": ";
    }

    @Test
    void goodValuesAreKept() throws ConfigException {
        DaemonSettings d = TestConfigs.load(dir, """
            [taskmasterd]
            jolokia_auth = none
            jolokia_allow_origin = http://localhost:8090, https://hawtio.example
            jolokia_allow_host = tm.example,10.0.0.5
            jolokia_plaintext = true
            """).daemon();
        assertThat(d.management())
                .containsEntry("jolokia_auth", "none")
                .containsEntry("jolokia_allow_origin", "http://localhost:8090, https://hawtio.example")
                .containsEntry("jolokia_allow_host", "tm.example,10.0.0.5")
                .containsEntry("jolokia_plaintext", "true");
    }

    @Test
    void badValuesNameFileLineKeyValueAndWhatIsAllowed() {
        assertThat(TestConfigs.errors(dir, """
            [taskmasterd]
            jolokia_auth = password
            jolokia_allow_origin = http://ok.example, evil.example/path
            jolokia_allow_host = a b
            jolokia_plaintext = sometimes
            """))
                .containsExactlyInAnyOrder(
                        at(2)
                                + "[taskmasterd] jolokia_auth: 'password' is not an authentication mode (allowed:"
                                + " basic, the default: jolokia_user and jolokia_password, else the generated secret;"
                                + " none: no authentication, loopback only)",
                        at(3) + "[taskmasterd] jolokia_allow_origin: 'evil.example/path' is not an origin (allowed:"
                                + " comma-separated origins scheme://host[:port], like https://hawtio.example:8443)",
                        at(4)
                                + "[taskmasterd] jolokia_allow_host: 'a b' is not a host name (allowed:"
                                + " comma-separated host names or addresses, like taskmaster.example,10.0.0.5)",
                        at(5)
                                + "[taskmasterd] jolokia_plaintext: 'sometimes' is not a boolean (allowed: true/false,"
                                + " yes/no, on/off, 1/0)");
    }
}
