package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import taskmaster.model.AutoRestart;
import taskmaster.model.Signal;

class ValuesTest {

    @ParameterizedTest
    @CsvSource({"true,true", "YES,true", "on,true", "1,true", "false,false", "No,false", "OFF,false", "0,false"})
    void booleans(String text, boolean expected) throws InvalidValueException {
        assertThat(Values.bool(text)).isEqualTo(expected);
    }

    @Test
    void badValuesQuoteThemselvesAndSayWhatIsAllowed() {
        assertThatThrownBy(() -> Values.bool("maybe"))
                .hasMessage("'maybe' is not a boolean (allowed: true/false, yes/no, on/off, 1/0)");
        assertThatThrownBy(() -> Values.integer("abc", 1, 1000))
                .hasMessage("'abc' is not a whole number (allowed: an integer from 1 to 1000)");
        assertThatThrownBy(() -> Values.integer("0", 1, 1000))
                .hasMessage("'0' is out of range (allowed: an integer from 1 to 1000)");
        assertThatThrownBy(() -> Values.bytes("1.5MB")).hasMessageStartingWith("'1.5MB' is not a byte size (allowed:");
        assertThatThrownBy(() -> Values.umask("089")).hasMessageStartingWith("'089' is not an octal umask");
        assertThatThrownBy(() -> Values.umask("1777")).hasMessageStartingWith("'1777' is not an octal umask");
        assertThatThrownBy(() -> Values.exitCodes("0,256"))
                .hasMessageStartingWith("'256' in '0,256' is not an exit code");
        assertThatThrownBy(() -> Values.exitCodes("")).hasMessageContaining("is not an exit code");
        assertThatThrownBy(() -> Values.signal("SIGFOO")).hasMessageStartingWith("'SIGFOO' is not a signal (allowed:");
        assertThatThrownBy(() -> Values.signal("99")).hasMessageStartingWith("'99' is not a signal");
        assertThatThrownBy(() -> Values.autorestart("sometimes"))
                .hasMessageStartingWith("'sometimes' is not an autorestart policy");
        assertThatThrownBy(() -> Values.name("a b", "program"))
                .hasMessageStartingWith("'a b' is not a valid program name");
        assertThatThrownBy(() -> Values.name("a:b", "program")).hasMessageContaining("allowed: letters, digits");
        assertThatThrownBy(() -> Values.loglevel("loud")).hasMessageStartingWith("'loud' is not a log level");
    }

    @Test
    void goodValues() throws InvalidValueException {
        assertThat(Values.bytes("50MB")).isEqualTo(50L << 20);
        assertThat(Values.bytes("1kb")).isEqualTo(1024);
        assertThat(Values.bytes("2GB")).isEqualTo(2L << 30);
        assertThat(Values.bytes("0")).isZero();
        assertThat(Values.umask("022")).isEqualTo(18);
        assertThat(Values.umask("077")).isEqualTo(63);
        assertThat(Values.umask("0")).isZero();
        assertThat(Values.exitCodes(" 0, 2 ,255")).containsExactlyInAnyOrder(0, 2, 255);
        assertThat(Values.signal("SIGUSR1")).isEqualTo(Signal.USR1);
        assertThat(Values.signal("hup")).isEqualTo(Signal.HUP);
        assertThat(Values.signal("9")).isEqualTo(Signal.KILL);
        assertThat(Values.autorestart("unexpected")).isEqualTo(AutoRestart.UNEXPECTED);
        assertThat(Values.autorestart("yes")).isEqualTo(AutoRestart.TRUE);
        assertThat(Values.autorestart("off")).isEqualTo(AutoRestart.FALSE);
        assertThat(Values.anyInteger("-5")).isEqualTo(-5);
        assertThat(Values.name(" web.1-a_b ", "program")).isEqualTo("web.1-a_b");
    }

    @ParameterizedTest
    @CsvSource({
        "critical,FATAL",
        "error,ERROR",
        "warn,WARN",
        "info,INFO",
        "debug,DEBUG",
        "trace,TRACE",
        "blather,TRACE",
        "INFO,INFO"
    })
    void logLevels(String text, String log4j) throws InvalidValueException {
        assertThat(Values.loglevel(text)).isEqualTo(log4j);
    }

    @Test
    void suggestions() {
        assertThat(KeySuggester.nearest("autorestrat", ProgramKey.allNames())).contains("autorestart");
        assertThat(KeySuggester.nearest("comand", ProgramKey.allNames())).contains("command");
        assertThat(KeySuggester.nearest("zzzzzzzz", ProgramKey.allNames())).isEmpty();
    }
}
