package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

    private static List<String> argv(String cmd) throws InvalidValueException {
        return CommandLine.parse(cmd);
    }

    @Test
    void plainWords() throws InvalidValueException {
        assertThat(argv("python3  worker.py\t--port 80")).containsExactly("python3", "worker.py", "--port", "80");
    }

    @Test
    void quotesAndEscapes() throws InvalidValueException {
        assertThat(argv("echo 'a  b' \"c \\\" d\" e\\ f 'it''s'"))
                .containsExactly("echo", "a  b", "c \" d", "e f", "its");
        assertThat(argv("printf \"%s\\n\" x")).containsExactly("printf", "%s\\n", "x");
        assertThat(argv("echo ''")).containsExactly("echo", "");
        assertThat(argv("a\"b\"'c'")).containsExactly("abc");
    }

    @Test
    void operatorsInsideQuotesNeedNoShell() throws InvalidValueException {
        assertThat(argv("sh -c 'echo a | wc; ls > /dev/null'"))
                .containsExactly("sh", "-c", "echo a | wc; ls > /dev/null");
        assertThat(argv("echo \"*?[]{}()<>|&;~#\"")).containsExactly("echo", "*?[]{}()<>|&;~#");
        assertThat(argv("echo a~b c#d")).containsExactly("echo", "a~b", "c#d");
        assertThat(argv("echo \\$HOME")).containsExactly("echo", "$HOME");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a | b",
                "a & b",
                "a && b",
                "a || b",
                "a; b",
                "a < f",
                "a > f",
                "a >> f",
                "echo $HOME",
                "echo `date`",
                "ls *.txt",
                "ls ?",
                "ls [ab]",
                "(a)",
                "{ a; }",
                "cd ~",
                "echo \"$HOME\"",
                "echo \"`id`\"",
                "a 2>&1",
                "x=$(date)"
            })
    void shellSyntaxRunsUnderSh(String cmd) throws InvalidValueException {
        assertThat(argv("  " + cmd + " ")).containsExactly("/bin/sh", "-c", cmd);
    }

    @Test
    void unterminatedQuotesAreErrors() {
        assertThatThrownBy(() -> argv("echo 'abc"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("'echo 'abc': unterminated single quote at position 6 (allowed:");
        assertThatThrownBy(() -> argv("echo \"abc")).hasMessageContaining("unterminated double quote at position 6");
        assertThatThrownBy(() -> argv("a | 'b")).hasMessageContaining("unterminated single quote");
    }

    @Test
    void emptyCommandIsAnError() {
        assertThatThrownBy(() -> argv("   ")).hasMessageContaining("is an empty command (allowed:");
    }

    @Test
    void commandNamesAreNotResolved() throws InvalidValueException {
        assertThat(argv("sleep 1")).containsExactly("sleep", "1");
    }
}
