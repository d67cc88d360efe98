package taskmaster.mbeans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ProcessNames.Key;
import taskmaster.mbeans.ProcessNames.Selection;

/** The name grammar, once for the daemon and its clients. */
class ProcessNamesTest {

    /**
     * Group {@code front} holds program {@code web} (two processes) and program {@code api}; program
     * {@code db} is its own group; program {@code tools} names its one process {@code cron}; program
     * {@code misc} names its one process {@code report}, the name of another program.
     */
    private static final List<Key> ALL = List.of(
            new Key("front", "web", "web_00"),
            new Key("front", "web", "web_01"),
            new Key("front", "api", "api"),
            new Key("db", "db", "db"),
            new Key("tools", "tools", "cron"),
            new Key("misc", "misc", "report"),
            new Key("report", "report", "report_0"),
            new Key("report", "report", "report_1"));

    private static List<String> names(String name) {
        return ProcessNames.matching(ALL, k -> k, name).stream().map(Key::name).toList();
    }

    @Test
    void allSelectsEveryProcessInOrder() {
        assertThat(ProcessNames.matching(ALL, k -> k, "all")).isEqualTo(ALL);
    }

    @Test
    void aBareProcessNameSelectsThatProcess() {
        assertThat(names("web_01")).containsExactly("web_01");
        assertThat(names("cron")).containsExactly("cron");
    }

    @Test
    void aBareProgramOrGroupNameSelectsAllItsProcesses() {
        assertThat(names("web")).containsExactly("web_00", "web_01");
        assertThat(names("front")).containsExactly("web_00", "web_01", "api");
        assertThat(names("tools")).containsExactly("cron");
    }

    @Test
    void aProcessNameWinsOverAProgramOrGroupOfTheSameName() {
        assertThat(names("api")).containsExactly("api");
        assertThat(names("db")).containsExactly("db");
        assertThat(names("report")).containsExactly("report");
        assertThat(names("report:*")).containsExactly("report_0", "report_1");
    }

    @Test
    void groupStarAndGroupColonSelectEveryMemberOfAGroupOrProgram() {
        assertThat(names("front:*")).containsExactly("web_00", "web_01", "api");
        assertThat(names("front:")).containsExactly("web_00", "web_01", "api");
        assertThat(names("web:*")).containsExactly("web_00", "web_01");
        assertThat(names("tools:")).containsExactly("cron");
    }

    @Test
    void groupColonNameSelectsOneMember() {
        assertThat(names("front:api")).containsExactly("api");
        assertThat(names("front:web_01")).containsExactly("web_01");
        assertThat(names("web:web_00")).containsExactly("web_00");
        assertThat(names("tools:cron")).containsExactly("cron");
    }

    @Test
    void aMemberOfAnotherGroupOrAnUnknownGroupSelectsNothing() {
        assertThat(names("db:api")).isEmpty();
        assertThat(names("front:db")).isEmpty();
        assertThat(names("nosuch:*")).isEmpty();
        assertThat(names("web_00:*")).isEmpty();
        assertThat(names(":*")).isEmpty();
        assertThat(names(":web_00")).isEmpty();
        assertThat(names("front:web_00:x")).isEmpty();
    }

    @Test
    void thereIsNoGlobbing() {
        assertThat(names("*")).isEmpty();
        assertThat(names("web*")).isEmpty();
        assertThat(names("front:web*")).isEmpty();
        assertThat(names("All")).isEmpty();
        assertThat(names("")).isEmpty();
    }

    @Test
    void surroundingWhiteSpaceIsIgnored() {
        assertThat(names("  web_00 ")).containsExactly("web_00");
        assertThat(names(" all")).hasSize(ALL.size());
    }

    @Test
    void aListSelectsEachProcessOnceInTheOrderOfItsNames() {
        Selection<Key> s = ProcessNames.select(ALL, k -> k, List.of("db", "front:*", "web_00", "web"));
        assertThat(s.selected()).extracting(Key::name).containsExactly("db", "web_00", "web_01", "api");
        assertThat(s.unknown()).isEmpty();
    }

    @Test
    void aListKeepsTheNamesThatSelectNothingInOrder() {
        Selection<Key> s = ProcessNames.select(ALL, k -> k, List.of("zz", "db", " yy ", "front:zz"));
        assertThat(s.selected()).extracting(Key::name).containsExactly("db");
        assertThat(s.unknown()).containsExactly("zz", "yy", "front:zz");
    }

    @Test
    void amongNoCandidatesEvenAllSelectsNothing() {
        Selection<Key> s = ProcessNames.select(List.<Key>of(), k -> k, List.of("all", "web"));
        assertThat(s.selected()).isEmpty();
        assertThat(s.unknown()).containsExactly("all", "web");
    }

    @Test
    void theCandidatesNeedNotBeKeys() {
        record Row(String n, String p, String g) {}
        List<Row> rows = List.of(new Row("a", "x", "g"), new Row("b", "y", "g"));
        assertThat(ProcessNames.matching(rows, r -> new Key(r.g(), r.p(), r.n()), "g:*"))
                .isEqualTo(rows);
        assertThat(ProcessNames.matching(rows, r -> new Key(r.g(), r.p(), r.n()), "y"))
                .containsExactly(rows.get(1));
    }

    @Test
    void aListIsSeparatedByCommasOrWhiteSpace() {
        assertThat(ProcessNames.split("web,db api\tfront:*")).containsExactly("web", "db", "api", "front:*");
        assertThat(ProcessNames.split(" ,web,, db , ")).containsExactly("web", "db");
        assertThat(ProcessNames.split(List.of("web,db", "api", ",", ""))).containsExactly("web", "db", "api");
    }

    @Test
    void anEmptyListHasNoNames() {
        assertThat(ProcessNames.split((String) null)).isEmpty();
        assertThat(ProcessNames.split("")).isEmpty();
        assertThat(ProcessNames.split(" , ")).isEmpty();
        assertThat(ProcessNames.split(List.of())).isEmpty();
    }

    @Test
    void wholeGroupIsTheNameThatSelectsTheGroup() {
        assertThat(ProcessNames.wholeGroup("front")).isEqualTo("front:*");
        assertThat(names(ProcessNames.wholeGroup("front"))).containsExactly("web_00", "web_01", "api");
        assertThat(names(ProcessNames.ALL)).hasSize(ALL.size());
    }

    @Test
    void theRefusalQuotesTheNameAndAClientFindsItAgain() {
        String why = ProcessNames.unknown("front:zz");
        assertThat(why).isEqualTo("no process, program or group named 'front:zz'");
        assertThat(ProcessNames.quoted(why)).contains("front:zz");
        assertThat(ProcessNames.quoted("BAD_NAME: web,zz: " + why)).contains("front:zz");
        assertThat(ProcessNames.quoted("BAD_NAME: web: no process named 'web'")).contains("web");
        assertThat(ProcessNames.quoted("BAD_NAME: no name given")).isEmpty();
    }
}
