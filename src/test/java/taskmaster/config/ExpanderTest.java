package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpanderTest {
    private static final Map<String, String> NAMES =
            Map.of("program_name", "web", "process_num", "3", "numprocs", "12", "ENV_HOME", "/home/a");

    private static String x(String s) throws InvalidValueException {
        return Expander.expand(s, NAMES);
    }

    @Test
    void namesAndConversions() throws InvalidValueException {
        assertThat(x("%(program_name)s-%(process_num)d/%(numprocs)i")).isEqualTo("web-3/12");
        assertThat(x("%(ENV_HOME)s/x")).isEqualTo("/home/a/x");
        assertThat(x("%(program_name)r")).isEqualTo("web");
    }

    @Test
    void widthsAndFlags() throws InvalidValueException {
        assertThat(x("%(process_num)02d")).isEqualTo("03");
        assertThat(x("%(process_num)03d")).isEqualTo("003");
        assertThat(x("[%(process_num)3d]")).isEqualTo("[  3]");
        assertThat(x("[%(process_num)-3d]")).isEqualTo("[3  ]");
        assertThat(x("[%(process_num)+d]")).isEqualTo("[+3]");
        assertThat(x("[%(program_name)5s]")).isEqualTo("[  web]");
        assertThat(x("[%(program_name)-5s]")).isEqualTo("[web  ]");
        assertThat(x("[%(program_name).2s]")).isEqualTo("[we]");
    }

    @Test
    void percentSigns() throws InvalidValueException {
        assertThat(x("100%% done")).isEqualTo("100% done");
        // A bare % is kept (supervisord rejects it).
        assertThat(x("date +%s 50% %")).isEqualTo("date +%s 50% %");
        assertThat(x("%%(program_name)s")).isEqualTo("%(program_name)s");
    }

    @Test
    void unknownNameListsTheAvailableOnes() {
        assertThatThrownBy(() -> x("echo %(nope)s"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("unknown name 'nope' in 'echo %(nope)s' (available: numprocs, process_num, program_name,"
                        + " ENV_X for each variable X of the environment)");
        assertThatThrownBy(() -> x("%(ENV_NOPE)s")).hasMessageStartingWith("environment variable 'NOPE' is not set");
    }

    @Test
    void malformedReferences() {
        assertThatThrownBy(() -> x("%(program_name")).hasMessageContaining("without a closing ')'");
        assertThatThrownBy(() -> x("%(program_name)")).hasMessageContaining("has no conversion letter");
        assertThatThrownBy(() -> x("%(program_name)x")).hasMessageContaining("has no conversion letter");
        assertThatThrownBy(() -> x("%(program_name)d"))
                .hasMessageContaining("needs a number but program_name is 'web'");
    }
}
