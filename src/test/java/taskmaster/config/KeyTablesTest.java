package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import taskmaster.model.Output;
import taskmaster.model.SpecField;

/**
 * The README's key tables are the declarations' ({@link KeyTables}), and every declaration is
 * complete. To regenerate the tables after changing a declaration:
 * {@code mvn -B -q -pl src -am test -Dtest=KeyTablesTest -Dtaskmaster.readme.write=true}.
 */
class KeyTablesTest {
    private static final String REGENERATE =
            "regenerate it with: mvn -B -q -pl src -am test -Dtest=KeyTablesTest" + " -Dtaskmaster.readme.write=true";

    /** The README of the repository, found from the module folder the tests run in. */
    private static Path readme() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("README.md"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "README.md not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("README.md");
    }

    private static String begin(String table) {
        return "<!-- BEGIN " + table + " (generated from the declarations: see KeyTablesTest) -->\n";
    }

    private static String end(String table) {
        return "<!-- END " + table + " -->";
    }

    /** The text between the table's markers. */
    private static String section(String text, String table) {
        int from = text.indexOf(begin(table));
        int to = text.indexOf(end(table));
        assertThat(from)
                .as("README.md has no '" + begin(table).strip() + "' marker")
                .isNotNegative();
        assertThat(to)
                .as("README.md has no '" + end(table) + "' marker after the BEGIN one")
                .isGreaterThan(from);
        return text.substring(from + begin(table).length(), to);
    }

    private static void check(String table, String generated) throws IOException {
        Path file = readme();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String shown = section(text, table);
        if (Boolean.getBoolean("taskmaster.readme.write") && !shown.equals(generated)) {
            int from = text.indexOf(begin(table)) + begin(table).length();
            Files.writeString(
                    file,
                    text.substring(0, from) + generated + text.substring(text.indexOf(end(table))),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(shown)
                .as("README.md's " + table + " table differs from the declarations; " + REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void theReadmeProgramKeyTableIsTheDeclarations() throws IOException {
        check("program keys", KeyTables.programTable());
    }

    @Test
    void theReadmeDaemonKeyTableIsTheDeclarations() throws IOException {
        check("daemon keys", KeyTables.daemonTable());
    }

    @Test
    void theReadmeGroupAndIncludeKeyTableIsTheDeclarations() throws IOException {
        check("group and include keys", KeyTables.sectionTable());
    }

    @Test
    void theReadmeServerKeyTableIsTheDeclarations() throws IOException {
        check("server keys", KeyTables.serverTable());
    }

    @Test
    void everyDeclaredNameIsInTheReadmeTables() throws IOException {
        String text = Files.readString(readme(), StandardCharsets.UTF_8);
        String programs = section(text, "program keys");
        String daemon = section(text, "daemon keys");
        String others = section(text, "group and include keys");
        String servers = section(text, "server keys");
        ServerKey.allNames().forEach(n -> assertThat(servers).as(REGENERATE).contains("`" + n + "`"));
        ProgramKey.allNames().forEach(n -> assertThat(programs).as(REGENERATE).contains("`" + n + "`"));
        DaemonKey.allNames().forEach(n -> assertThat(daemon).as(REGENERATE).contains("`" + n + "`"));
        Arrays.stream(SectionKey.values())
                .forEach(k -> assertThat(others).as(REGENERATE).contains("`" + k.keyName() + "` | " + k.sectionName()));
    }

    static Stream<Key> declarations() {
        return Stream.of(
                        Arrays.stream(ProgramKey.values()).map(ProgramKey::key),
                        Arrays.stream(DaemonKey.values()).map(DaemonKey::declaration),
                        Arrays.stream(SectionKey.values()).map(SectionKey::key),
                        Arrays.stream(ServerKey.values()).map(ServerKey::key))
                .flatMap(s -> s);
    }

    @Test
    void everyDeclarationHasADescriptionATypeAndADefaultInBothDialects() {
        declarations().forEach(k -> {
            String name = k.names().getFirst();
            assertThat(k.description()).as(name).isNotBlank();
            assertThat(k.type()).as(name).isNotBlank();
            assertThat(k.names()).as(name).contains(k.specName(), k.supervisordName());
            for (Dialect d : Dialect.values()) {
                assertThat(k.defaultFor(d)).as(name + " in " + d).isNotNull();
                assertThat(k.defaultFor(d).shown()).as(name + " in " + d).isNotBlank();
                assertThatCode(() -> k.defaultValue(d)).as(name + " in " + d).doesNotThrowAnyException();
            }
            assertThat(k.allowed())
                    .as(name + ": what is allowed, from its parser or given")
                    .isNotBlank();
        });
    }

    @Test
    void aNameBelongsToOneKeyOfItsSection() {
        assertThat(ProgramKey.allNames()).doesNotHaveDuplicates();
        assertThat(DaemonKey.allNames()).doesNotHaveDuplicates();
        assertThat(ServerKey.allNames()).doesNotHaveDuplicates();
    }

    /** A key's reload effect is what the fields it sets say (the reload diff reads the fields). */
    @ParameterizedTest
    @EnumSource(ProgramKey.class)
    void aProgramKeysEffectAgreesWithTheFieldsItSets(ProgramKey k) {
        boolean relaunch = k.fields().stream().anyMatch(f -> f.change() == SpecField.Change.RELAUNCH);
        boolean plumbing = k.fields().stream().anyMatch(f -> f.change() == SpecField.Change.PLUMBING);
        switch (k.effect()) {
            case RESTART ->
                assertThat(relaunch)
                        .as(k + " restarts, so it sets a field a process is launched with")
                        .isTrue();
            case IN_PLACE ->
                assertThat(relaunch)
                        .as(k + " applies in place, so it sets no launch field")
                        .isFalse();
            case CAPTURE ->
                assertThat(plumbing && !relaunch)
                        .as(k + " sets an output's plumbing only")
                        .isTrue();
            case CHECK ->
                assertThat(plumbing && !relaunch)
                        .as(k + " sets a check's launch part only")
                        .isTrue();
            case RLIMIT ->
                assertThat(plumbing && !relaunch)
                        .as(k + " sets the launch part of the resources only")
                        .isTrue();
            case PROCESSES, NONE ->
                assertThat(k.fields()).as(k + " sets no field of a process").isEmpty();
            default -> throw new AssertionError(k + " has a daemon key's effect: " + k.effect());
        }
        assertThat(k.ignored()).isEqualTo(k.effect() == Effect.NONE);
    }

    @Test
    void theManagementDefaultsAreTheDeclarations() {
        assertThat(DaemonKey.JOLOKIA_PORT.port(Map.of()).getAsInt()).isEqualTo(8778);
        assertThat(DaemonKey.JOLOKIA.isOn(Map.of())).isTrue();
        assertThat(DaemonKey.JOLOKIA.isOn(Map.of("jolokia", "off"))).isFalse();
        assertThat(DaemonKey.JMX_PORT.port(Map.of())).isEmpty();
        assertThat(DaemonKey.JMX_PORT.port(Map.of("jmx_port", "9010")).getAsInt())
                .isEqualTo(9010);
        assertThat(DaemonKey.JMX_RMI_PORT.port(Map.of())).isEmpty();
        assertThat(DaemonKey.JOLOKIA_USER.in(Map.of("jolokia_user", " "))).isNull();
    }

    /** The model's convenience constructor uses the same rotation defaults as the declarations. */
    @Test
    void theModelsRotationDefaultsAreTheDeclared() {
        for (Dialect d : Dialect.values()) {
            assertThat((Long) ProgramKey.STDOUT_MAXBYTES.key().defaultValue(d))
                    .isEqualTo(Output.ToFile.DEFAULT_MAXBYTES);
            assertThat((Integer) ProgramKey.STDOUT_BACKUPS.key().defaultValue(d))
                    .isEqualTo(Output.ToFile.DEFAULT_BACKUPS);
        }
    }

    @Test
    void tablesEscapeBarsAndHaveOneRowPerKey() {
        String programs = KeyTables.programTable();
        assertThat(programs.lines().count()).isEqualTo(ProgramKey.values().length + 2L);
        assertThat(programs).contains("`process \\| line`");
        assertThat(KeyTables.daemonTable().lines().count()).isEqualTo(DaemonKey.values().length + 2L);
    }
}
