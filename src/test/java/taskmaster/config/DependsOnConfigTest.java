package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;

/** {@code depends_on}: its names as written, and the graph checked once every program is known. */
class DependsOnConfigTest {
    @TempDir
    Path dir;

    private String main() {
        return dir.resolve("main.conf").toString();
    }

    @Test
    void namesAreKeptAsWrittenInOrderEachOnce() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [web]
            cmd = sleep 1
            depends_on = db, cache db
            numprocs = 2
            [db]
            cmd = sleep 1
            [cache]
            cmd = sleep 1
            """);
        for (ProcessSpec p : c.processes()) {
            List<String> expected = p.program().equals("web") ? List.of("db", "cache") : List.of();
            assertThat(p.lifecycle().dependsOn()).as(p.name()).isEqualTo(expected);
        }
    }

    @Test
    void anEmptyValueMeansNone() throws ConfigException {
        Configuration c = TestConfigs.load(dir, "[web]\ncmd = sleep 1\ndepends_on =\n");
        assertThat(c.processes().getFirst().lifecycle().dependsOn()).isEmpty();
    }

    @Test
    void aGroupIsAName() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [program:web]
            command = sleep 1
            depends_on = backend
            [program:db]
            command = sleep 1
            [program:cache]
            command = sleep 1
            [group:backend]
            programs = db, cache
            """);
        assertThat(c.programsByName().get("web").template().lifecycle().dependsOn())
                .containsExactly("backend");
    }

    @Test
    void anUnknownNameIsAnErrorAtItsLine() {
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = sleep 1\ndepends_on = db, nosuch\n[db]\ncmd = sleep 1\n"))
                .containsExactly(main() + ":3: [web] depends_on: 'db, nosuch' names 'nosuch', which is no program or"
                        + " group (allowed: names of programs or groups: db, web)");
    }

    @Test
    void aProgramThatFailedToBuildIsStillAKnownName() {
        // Only the broken program's own error: the name that depends on it is not reported as unknown too.
        assertThat(TestConfigs.errors(
                        dir, "[web]\ncmd = sleep 1\ndepends_on = db\n[db]\ncmd = sleep 1\nnumprocs = x\n"))
                .hasSize(1)
                .allSatisfy(e -> assertThat(e).contains("[db] numprocs"));
    }

    @Test
    void dependingOnItselfIsAnError() {
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = sleep 1\ndepends_on = web\n"))
                .containsExactly(main() + ":3: [web] depends_on: 'web' names 'web', the program itself (allowed: other"
                        + " programs or groups)");
    }

    @Test
    void dependingOnItsOwnGroupIsAnError() {
        assertThat(TestConfigs.errors(dir, """
            [program:web]
            command = sleep 1
            depends_on = app
            [program:db]
            command = sleep 1
            [group:app]
            programs = web, db
            """))
                .containsExactly(main() + ":3: [program:web] depends_on: 'app' names 'app', the group of web itself"
                        + " (allowed: other programs or groups)");
    }

    @Test
    void aCycleIsNamedAtTheLineWhereItBegins() {
        assertThat(TestConfigs.errors(dir, """
            [web]
            cmd = sleep 1
            depends_on = db
            [db]
            cmd = sleep 1
            depends_on = web
            """))
                .containsExactly(main() + ":3: [web] depends_on: 'db' is a dependency cycle: web -> db -> web"
                        + " (allowed: dependencies that never lead back to the program)");
    }

    @Test
    void aLongerCycleThroughAGroupIsNamedOnce() {
        assertThat(TestConfigs.errors(dir, """
            [program:web]
            command = sleep 1
            depends_on = backend
            [program:db]
            command = sleep 1
            depends_on = disk
            [program:disk]
            command = sleep 1
            depends_on = web
            [program:cache]
            command = sleep 1
            [group:backend]
            programs = db, cache
            """))
                .containsExactly(main() + ":3: [program:web] depends_on: 'backend' is a dependency cycle: web -> db ->"
                        + " disk -> web (allowed: dependencies that never lead back to the program)");
    }

    @Test
    void aDiamondIsNoCycle() throws ConfigException {
        Configuration c = TestConfigs.load(dir, """
            [web]
            cmd = sleep 1
            depends_on = api, auth
            [api]
            cmd = sleep 1
            depends_on = db
            [auth]
            cmd = sleep 1
            depends_on = db
            [db]
            cmd = sleep 1
            """);
        assertThat(c.programs()).hasSize(4);
    }

    @Test
    void aBadNameIsRefusedByTheParser() {
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = sleep 1\ndepends_on = db/x\n"))
                .containsExactly(main() + ":3: [web] depends_on: 'db/x' is not a valid program or group name (allowed:"
                        + " letters, digits, '_', '.' and '-')");
    }
}
