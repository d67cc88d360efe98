package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;

/** {@code env_file}: systemd's EnvironmentFile syntax, its errors with their lines, and its place among env sources. */
class EnvFileTest {

    @TempDir
    Path dir;

    private static Map<String, String> parse(String text) throws EnvFile.BadLine {
        return EnvFile.parse(text);
    }

    @Test
    void plainQuotedAndCommentedLinesAsSystemdReadsThem() throws Exception {
        Map<String, String> env = parse("""
            # a comment
            ; another
            \t
            A=1
              B =  two words\t\s
            C='single # ; "kept" $X'
            D="double \\"q\\" \\\\ \\$HOME \\n"
            export E=exported
            F=
            G=a"b"c
            H=x#not a comment
            """);
        assertThat(env)
                .containsExactly(
                        Map.entry("A", "1"),
                        Map.entry("B", "two words"),
                        Map.entry("C", "single # ; \"kept\" $X"),
                        Map.entry("D", "double \"q\" \\ $HOME \\n"),
                        Map.entry("E", "exported"),
                        Map.entry("F", ""),
                        Map.entry("G", "a\"b\"c"),
                        Map.entry("H", "x#not a comment"));
    }

    @Test
    void quotesSpanLinesAndABackslashContinuesAnUnquotedValue() throws Exception {
        Map<String, String> env = parse("A='one\ntwo'\nB=\"x\\\ny\"\nC=left\\\nright\nD=after\n");
        assertThat(env)
                .containsExactly(
                        Map.entry("A", "one\ntwo"),
                        Map.entry("B", "xy"),
                        Map.entry("C", "leftright"),
                        Map.entry("D", "after"));
    }

    @Test
    void aLaterAssignmentWinsAndCrlfLinesAreRead() throws Exception {
        assertThat(parse("A=1\r\nA=2\r\n")).containsExactly(Map.entry("A", "2"));
    }

    @Test
    void badLinesAreErrorsWithTheirLine() {
        assertThatThrownBy(() -> parse("A=1\n\nnot an assignment\n"))
                .isInstanceOfSatisfying(
                        EnvFile.BadLine.class, e -> assertThat(e.line).isEqualTo(3))
                .hasMessageContaining("'not an assignment' is not an assignment");
        assertThatThrownBy(() -> parse("A=1\n1X=2\n"))
                .isInstanceOfSatisfying(
                        EnvFile.BadLine.class, e -> assertThat(e.line).isEqualTo(2))
                .hasMessageContaining("'1X' is not a variable name");
        assertThatThrownBy(() -> parse("A=1\nB='open\nstill\n"))
                .isInstanceOfSatisfying(
                        EnvFile.BadLine.class, e -> assertThat(e.line).isEqualTo(2))
                .hasMessageContaining("single quote is not closed");
        assertThatThrownBy(() -> parse("A=\"open\n"))
                .isInstanceOfSatisfying(
                        EnvFile.BadLine.class, e -> assertThat(e.line).isEqualTo(1))
                .hasMessageContaining("double quote is not closed");
        assertThatThrownBy(() -> parse("A='x' y\n"))
                .isInstanceOfSatisfying(
                        EnvFile.BadLine.class, e -> assertThat(e.line).isEqualTo(1))
                .hasMessageContaining("after the closing quote");
    }

    private ProcessSpec only(String conf) throws ConfigException {
        Configuration c = TestConfigs.load(dir, conf);
        return c.processes().getFirst();
    }

    @Test
    void laterFilesOverrideEarlierOnesEnvOverridesThemAllAndTheDaemonsIsUnder() throws Exception {
        TestConfigs.write(dir, "base.env", "A=base\nB=base\nC=base\nD=base\n");
        TestConfigs.write(dir, "local.env", "B=local\nC=local\n");
        ProcessSpec p = only("""
            [taskmasterd]
            environment = D=daemon,E=daemon
            [web]
            cmd = sleep 1
            env_file = base.env %(here)s/local.env -missing.env
            env = C=env
            """);
        assertThat(p.environment())
                .containsEntry("A", "base")
                .containsEntry("B", "local")
                .containsEntry("C", "env")
                .containsEntry("D", "base")
                .containsEntry("E", "daemon");
    }

    @Test
    void aMissingFileIsAnErrorUnlessItsPathStartsWithADash() {
        List<String> errors = TestConfigs.errors(dir, """
            [web]
            cmd = sleep 1
            env_file = -optional.env nope.env
            """);
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst())
                .contains("main.conf:3")
                .contains("env_file")
                .contains(dir.resolve("nope.env") + "' does not exist")
                .doesNotContain("optional.env");
    }

    @Test
    void aBadLineIsAnErrorNamingTheKeysLineAndTheFilesLine() {
        TestConfigs.write(dir, "bad.env", "A=1\n# fine\nB C\n");
        List<String> errors = TestConfigs.errors(dir, """
            [web]
            cmd = sleep 1
            numprocs = 3
            process_name = web_%(process_num)d
            env_file = bad.env
            """);
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst())
                .contains("main.conf:5")
                .contains("env_file")
                .contains("env file " + dir.resolve("bad.env") + ":3: 'B C' is not an assignment");
    }

    @Test
    void theFileIsReadAgainAtEveryLoadAndAChangeOfItsContentIsAChangeOfTheEnvironment() throws Exception {
        TestConfigs.write(dir, "app.env", "MODE=one\n");
        String conf = "[web]\ncmd = sleep 1\nenv_file = app.env\n";
        ProcessSpec before = only(conf);
        TestConfigs.write(dir, "app.env", "MODE=two\n");
        ProcessSpec after = only(conf);
        assertThat(before.environment()).containsEntry("MODE", "one");
        assertThat(after.environment()).containsEntry("MODE", "two");
        assertThat(taskmaster.model.SpecField.needsRelaunch(before, after)).isTrue();
    }
}
