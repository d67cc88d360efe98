package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;

/** Comments, continuations, repeated keys and sections, case rules. */
class IniSyntaxTest {
    @TempDir
    Path dir;

    private ProcessSpec only(String text) throws ConfigException {
        return TestConfigs.load(dir, text).processes().getFirst();
    }

    @Test
    void inlineCommentsNeedAPrecedingSpace() throws ConfigException {
        ProcessSpec p = only("""
            ; a comment
              # an indented comment
            [w] ; header comment
            cmd = echo x#notcomment a;b # comment
            numprocs = 1\t; tab before
            """);
        // The ; kept in "a;b" is a shell operator, hence sh -c.
        assertThat(p.argv()).containsExactly("/bin/sh", "-c", "echo x#notcomment a;b");
    }

    @Test
    void doubleQuotesProtectCommentCharacters() throws ConfigException {
        ProcessSpec p = only("""
            [w]
            cmd = echo "a ; b # c" ; real comment
            env = A="x ; y",B="p # q" # comment
            """);
        assertThat(p.argv()).containsExactly("echo", "a ; b # c");
        assertThat(p.environment()).containsOnly(Map.entry("A", "x ; y"), Map.entry("B", "p # q"));
    }

    @Test
    void singleQuotesDoNotProtectAsInSupervisord() {
        List<String> errors = TestConfigs.errors(dir, "[w]\ncmd = sh -c 'echo a ; echo b'\n");
        assertThat(errors)
                .singleElement()
                .asString()
                .startsWith(dir.resolve("main.conf")
                        + ":2: [w] cmd: 'sh -c 'echo a': unterminated single quote at position 7");
    }

    @Test
    void indentedLinesContinueTheValue() throws ConfigException {
        ProcessSpec p = only("""
            [w]
            cmd = echo first
                --second ; comment
            \t--third
            env = A=1,
              B=2
            """);
        assertThat(p.argv()).containsExactly("echo", "first", "--second", "--third");
        assertThat(p.environment()).containsOnly(Map.entry("A", "1"), Map.entry("B", "2"));
    }

    @Test
    void uniformlyIndentedKeysAreNotContinuations() throws ConfigException {
        ProcessSpec p = only("[w]\n  cmd = sleep 1\n  numprocs = 1\n  autostart = false\n");
        assertThat(p.autostart()).isFalse();
    }

    @Test
    void lastValueWinsAndRepeatedSectionsMerge() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [w]
            cmd = first
            cmd = second
            [other]
            cmd = o
            [w]
            autostart = false
            """);
        ProcessSpec w = c.programsByName().get("w").template();
        assertThat(w.argv()).containsExactly("second");
        assertThat(w.autostart()).isFalse();
        assertThat(c.programsByName().get("w").origin()).isEqualTo(dir.resolve("main.conf") + ":1");
    }

    @Test
    void keysAreCaseInsensitiveSectionsAreNot() throws ConfigException {
        Configuration c = TestConfigs.load(dir, "[Web]\nCMD = x\nAutoStart = NO\n");
        assertThat(c.programsByName()).containsOnlyKeys("Web");
        assertThat(c.processes().getFirst().autostart()).isFalse();
        assertThat(TestConfigs.errors(dir, "[Program:y]\ncommand = x\n"))
                .singleElement()
                .asString()
                .isEqualTo(dir.resolve("main.conf")
                        + ":1: [Program:y] unknown section type 'Program:' (did you mean 'program:'?)");
    }

    @Test
    void colonIsAnOperatorToo() throws ConfigException {
        assertThat(only("[w]\ncmd: sleep 5\n").argv()).containsExactly("sleep", "5");
        assertThat(only("[w]\ncmd = a:b\n").argv()).containsExactly("a:b");
    }

    @Test
    void malformedLinesAreReportedWithTheirLines() {
        Path f = dir.resolve("main.conf");
        assertThat(TestConfigs.errors(dir, "stray = 1\n[w\ncmd = x\n[]\n[ok]\n= v\nnovalue\n"))
                .containsExactlyInAnyOrder(
                        f + ":1: 'stray = 1' is outside any section (allowed: keys under a [section] header)",
                        f + ":2: malformed section header '[w' (allowed: [name] alone on its line)",
                        f + ":3: 'cmd = x' is outside any section (allowed: keys under a [section] header)",
                        f + ":4: empty section name '[]' (allowed: [name] alone on its line)",
                        f + ":6: [ok] '= v' has no key before '=' (allowed: key = value)",
                        f + ":7: [ok] novalue: unknown key (allowed: " + String.join(", ", ProgramKey.allNames()) + ")",
                        f
                                + ":5: [ok] cmd: is required but missing (allowed: cmd = the command line, or command"
                                + " = ...)");
    }

    @Test
    void aKeyWithoutValueIsAnError() {
        assertThat(TestConfigs.errors(dir, "[w]\ncmd = x\nautostart\n"))
                .containsExactly(
                        dir.resolve("main.conf") + ":3: [w] autostart: has no value (allowed: autostart = value)");
    }

    @Test
    void emptyFileIsAValidEmptyConfiguration() throws ConfigException {
        Configuration c = TestConfigs.load(dir, "");
        assertThat(c.programs()).isEmpty();
        assertThat(c.daemon().loglevel()).isEqualTo("INFO");
    }
}
