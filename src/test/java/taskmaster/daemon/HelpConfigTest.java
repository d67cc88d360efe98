package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code taskmasterd --help-config [KEY]}: the key tables, one key, or an unknown key's error. */
class HelpConfigTest {

    @Test
    void withoutAKeyItPrintsBothTables() {
        CheckConfigTest.Run r = CheckConfigTest.main("--help-config");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "Program keys ([name], [program:x] and [eventlistener:x] sections):",
                        "Daemon keys ([taskmasterd] and [supervisord]):",
                        "| `starttime` (`startsecs`) | 5 | 1 |",
                        "| `jolokia_port` | 8778 |",
                        "| `minfds` |");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aKeyPrintsItsNamesTypeDefaultsRangeDescriptionAndReloadEffect() {
        CheckConfigTest.Run r = CheckConfigTest.main("--help-config", "starttime");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(String.join(
                        System.lineSeparator(),
                        "starttime (alias: startsecs): a program key ([name], [program:x] and [eventlistener:x])",
                        "  type:      integer",
                        "  allowed:   an integer from 0 up",
                        "  default:   5 in [name], 1 in [program:x]",
                        "  on reload: applies in place",
                        "  seconds the process must stay up to count as started; 0: RUNNING at once",
                        ""));
    }

    @Test
    void anAliasNamesItselfFirst() {
        CheckConfigTest.Run r = CheckConfigTest.main("--help-config", "command");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .startsWith("command (alias: cmd): a program key")
                .contains("default:   required in both", "on reload: restarts the process");
    }

    @Test
    void aNameOfBothSectionsPrintsBothKeys() {
        CheckConfigTest.Run r = CheckConfigTest.main("--help-config", "umask");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "umask: a program key",
                        "default:   022 in [name], the daemon's in [program:x]",
                        "umask: a daemon key ([taskmasterd] and [supervisord])",
                        "applies at the daemon's next start");
    }

    @Test
    void groupAndIncludeKeysAreThereToo() {
        CheckConfigTest.Run r = CheckConfigTest.main("--help-config", "priority");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("priority: a program key", "priority: a key of [group:x]");
        assertThat(CheckConfigTest.main("--help-config", "files").out()).startsWith("files: a key of [include]");
        assertThat(CheckConfigTest.main("--help-config").out())
                .contains("Group and include keys:", "| `programs` | [group:x] | required |");
    }

    @Test
    void aDaemonKeyPrintsItsDefaultAndEffect() {
        CheckConfigTest.Run r = CheckConfigTest.main("--help-config", "jmx_port");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "jmx_port: a daemon key",
                        "default:   off",
                        "allowed:   0 to 65535; off disables the connector, 0 picks a free port");
    }

    @Test
    void anUnknownKeyIsOneLineWithASuggestionAndExitCode2() {
        CheckConfigTest.Run r = CheckConfigTest.main("--help-config", "autorestrat");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("taskmasterd: --help-config: unknown key 'autorestrat' (did you mean" + " 'autorestart'?)"
                        + System.lineSeparator());
    }

    @Test
    void anUnknownKeyWithNothingCloseSaysWhereTheKeysAre() {
        CheckConfigTest.Run r = CheckConfigTest.main("--help-config", "zzzzzzzzzzzz");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("taskmasterd: --help-config: unknown key 'zzzzzzzzzzzz'"
                        + " (try --help-config for every key)" + System.lineSeparator());
    }

    @Test
    void helpListsTheOption() {
        assertThat(CheckConfigTest.main("--help").out()).contains("--help-config");
    }

    @Test
    void aListenerKeyNamesItsOnlySection() {
        CheckConfigTest.Run r = CheckConfigTest.main("--help-config", "buffer_size");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "buffer_size: a program key ([name], [program:x] and [eventlistener:x])",
                        "  allowed:   an integer from 1 up",
                        "  default:   10 in [eventlistener:x], its only section");
    }
}
