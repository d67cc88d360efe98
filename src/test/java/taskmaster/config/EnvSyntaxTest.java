package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSyntaxTest {

    @Test
    void pairsAndQuotes() throws InvalidValueException {
        assertThat(EnvSyntax.parse("A=1,B=\"x, y\",C='single quoted', D = plain ,E=\"\",F=,G=\"q\\\"q\""))
                .containsExactly(
                        Map.entry("A", "1"),
                        Map.entry("B", "x, y"),
                        Map.entry("C", "single quoted"),
                        Map.entry("D", "plain"),
                        Map.entry("E", ""),
                        Map.entry("F", ""),
                        Map.entry("G", "q\"q"));
        assertThat(EnvSyntax.parse("URL=http://h/p?a=b&c=d,")).containsExactly(Map.entry("URL", "http://h/p?a=b&c=d"));
        assertThat(EnvSyntax.parse("  ")).isEmpty();
        assertThat(EnvSyntax.parse("A=1,A=2")).containsExactly(Map.entry("A", "2"));
    }

    @Test
    void errorsGiveThePosition() {
        assertThatThrownBy(() -> EnvSyntax.parse("A=1 B=2"))
                .hasMessageStartingWith(
                        "'A=1 B=2': unquoted value with a space at position 4 (allowed: KEY=value pairs separated by"
                                + " commas;");
        assertThatThrownBy(() -> EnvSyntax.parse("A=1,=2"))
                .hasMessageContaining("expected a variable name at position 5");
        assertThatThrownBy(() -> EnvSyntax.parse("A")).hasMessageContaining("expected '=' after 'A' at position 2");
        assertThatThrownBy(() -> EnvSyntax.parse("A=\"x"))
                .hasMessageContaining("unterminated double quote at position 3");
        assertThatThrownBy(() -> EnvSyntax.parse("A='x")).hasMessageContaining("unterminated single quote");
        assertThatThrownBy(() -> EnvSyntax.parse("A=\"x\" y"))
                .hasMessageContaining("expected ',' after the value of A");
        assertThatThrownBy(() -> EnvSyntax.parse("1A=2"))
                .hasMessageContaining("expected a variable name at position 1");
        assertThatThrownBy(() -> EnvSyntax.parse("A=x\"y\"")).hasMessageContaining("a quote inside an unquoted value");
    }
}
