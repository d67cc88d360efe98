package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.config.Secret;

/** taskmasterctl -c logs in with the daemon's generated secret unless told otherwise. */
class CtlSecretTest {

    static Target resolve(Path conf, String user, String password) throws CtlException {
        return Target.resolve(conf.toString(), null, user, password, Map.of());
    }

    static Path conf(Path dir, String keys) throws Exception {
        return Files.writeString(
                dir.resolve("taskmaster.conf"),
                "[taskmasterd]\npidfile = %(here)s/tm.pid\njolokia_port = 8779\n" + keys + "\n[one]\ncmd = x\n");
    }

    @Test
    void theGeneratedSecretIsUsedWhenNoUserIsGivenOrConfigured(@TempDir Path dir) throws Exception {
        Path conf = conf(dir, "");
        assertThat(resolve(conf, null, null).user()).as("no secret yet").isNull();
        Secret secret = Secret.loadOrCreate(dir.resolve("tm.pid.secret"));
        Target t = resolve(conf, null, null);
        assertThat(t.user()).isEqualTo("taskmaster");
        assertThat(t.password()).isEqualTo(secret.password());
        assertThat(t.url()).isEqualTo("http://127.0.0.1:8779/jolokia");
        Target given = resolve(conf, "ops", "pw");
        assertThat(given.user()).isEqualTo("ops");
        assertThat(given.password()).isEqualTo("pw");
    }

    @Test
    void configuredCredentialsAndAuthNoneWinOverTheSecret(@TempDir Path dir) throws Exception {
        Secret.loadOrCreate(dir.resolve("tm.pid.secret"));
        Target configured = resolve(conf(dir, "jolokia_user = ops\njolokia_password = pw-1"), null, null);
        assertThat(configured.user()).isEqualTo("ops");
        assertThat(configured.password()).isEqualTo("pw-1");
        Target none = resolve(conf(dir, "jolokia_auth = none"), null, null);
        assertThat(none.user()).isNull();
        assertThat(none.password()).isNull();
    }

    @Test
    void aSecretOthersMayReadIsNotTrusted(@TempDir Path dir) throws Exception {
        Path conf = conf(dir, "");
        Path file = dir.resolve("tm.pid.secret");
        Secret.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> resolve(conf, null, null))
                .isInstanceOf(CtlException.class)
                .hasMessageContaining("cannot use the daemon's generated secret: secret file " + file)
                .hasMessageContaining("not trusted")
                .hasMessageContaining("-u USER -p PASSWORD");
    }
}
