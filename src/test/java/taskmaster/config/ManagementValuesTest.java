package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management keys' parsers, one by one: what each keeps, and the words of each refusal. */
class ManagementValuesTest {

    @Test
    void jmxPortTakesOffOrAPort() throws InvalidValueException {
        assertThat(ManagementValues.portOrOff(" off ")).isEqualTo("off");
        assertThat(ManagementValues.portOrOff("NONE")).isEqualTo("NONE");
        assertThat(ManagementValues.portOrOff("0")).isEqualTo("0");
        assertThatThrownBy(() -> ManagementValues.portOrOff("65536"))
                .hasMessage(
                        "'65536' is not a port (allowed: 0 to 65535; off disables the connector, 0 picks a free port)");
    }

    @Test
    void aPasswordMayNotBeEmpty() throws InvalidValueException {
        assertThat(ManagementValues.password(" s3cret ")).isEqualTo("s3cret");
        assertThatThrownBy(() -> ManagementValues.password("  "))
                .hasMessage("is empty (allowed: a non-empty password)");
    }

    @Test
    void anEmptyListOfOriginsOrHostsMeansNone() throws InvalidValueException {
        assertThat(ManagementValues.origins("")).isEmpty();
        assertThat(ManagementValues.hosts(" ")).isEmpty();
        assertThat(ManagementValues.origins("https://a.example:8443, http://[::1]"))
                .isEqualTo("https://a.example:8443, http://[::1]");
        assertThatThrownBy(() -> ManagementValues.origins("https://a.example/path"))
                .hasMessageStartingWith("'https://a.example/path' is not an origin (allowed: ");
    }

    @Test
    void aPolicyFileMustBeARegularReadableFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("policy.xml"), "<restrict/>");
        assertThat(ManagementValues.readableFile(file.toString())).isEqualTo(file.toString());
        assertThatThrownBy(() -> ManagementValues.readableFile(dir.toString()))
                .hasMessage("'" + dir + "' is not a readable file (allowed: a readable file; relative paths are"
                        + " relative to the file that holds them)");
        assertThatThrownBy(() ->
                        ManagementValues.readableFile(dir.resolve("none.xml").toString()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void everyMalformedJmxUserIsRefusedWithoutItsPassword() throws InvalidValueException {
        assertThat(ManagementValues.users("alice:pw:readwrite, bob:pw2:readonly"))
                .isEqualTo("alice:pw:readwrite, bob:pw2:readonly");
        for (String bad : new String[] {
            "alice:hunter2",
            "al ice:hunter2:readonly",
            "alice::readonly",
            "alice:hunter2:admin",
            "alice:hunter2:readonly:x"
        }) {
            assertThatThrownBy(() -> ManagementValues.users(bad))
                    .as(bad)
                    .hasMessageContaining("is not a user entry (allowed: comma-separated user:password:access")
                    .hasMessageNotContaining("hunter2");
        }
        assertThatThrownBy(() -> ManagementValues.users("alice:pw:readonly,alice:other:readwrite"))
                .hasMessageStartingWith("user 'alice' is given twice (allowed: ");
    }
}
