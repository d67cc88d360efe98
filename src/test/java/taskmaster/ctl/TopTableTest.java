package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** top's columns and figures as text. */
class TopTableTest {

    @Test
    void sizesAreHumanReadable() {
        assertThat(TopTable.size(0)).isEqualTo("0 B");
        assertThat(TopTable.size(1023)).isEqualTo("1023 B");
        assertThat(TopTable.size(1536)).isEqualTo("1.5 KiB");
        assertThat(TopTable.size(300L << 20)).isEqualTo("300.0 MiB");
        assertThat(TopTable.size(3L << 30)).isEqualTo("3.0 GiB");
        assertThat(TopTable.size(-1)).isEqualTo("?");
    }

    @Test
    void cpuHasOneDecimalAndUptimeHoursMinutesSeconds() {
        assertThat(TopTable.cpu(99.46)).isEqualTo("99.5");
        assertThat(TopTable.cpu(0)).isEqualTo("0.0");
        assertThat(TopTable.cpu(-1)).isEqualTo("?");
        assertThat(TopTable.uptime(65)).isEqualTo("0:01:05");
        assertThat(TopTable.uptime(27 * 3600)).isEqualTo("1d 03:00:00");
    }

    @Test
    void theTableHasItsHeaderColumnsAndADashForWhatDoesNotRun() {
        List<String> lines = TopTable.lines(TopViewTest.snapshot(), TopTable.Sort.CPU, 2);
        assertThat(lines.get(0))
                .matches("taskmaster top - \\d\\d:\\d\\d:\\d\\d  processes: 4, 3 running  sorted by cpu  every 2 s"
                        + " \\(sampled every 5 s\\)");
        assertThat(lines.get(1))
                .isEqualTo("total: cpu 100.5%  rss 303.0 MiB  threads 11  fds 15   daemon: cpu 0.7%  rss 70.0 MiB"
                        + "  threads 25  fds 40");
        assertThat(lines.get(2).split(" +"))
                .containsExactly("NAME", "STATE", "PID", "CPU%", "RSS", "THR", "FDS", "RESTARTS", "UPTIME");
        assertThat(lines.get(3).split(" +"))
                .containsExactly("busy", "RUNNING", "12", "99.5", "1.0", "MiB", "1", "4", "2", "1:00:00");
        assertThat(lines.get(6).split(" +")).containsExactly("off", "STOPPED", "-", "-", "-", "-", "-", "5", "-");
        assertThat(lines).hasSize(7);
    }

    @Test
    void eachKeyHasItsOrder() {
        TopSnapshot s = TopViewTest.snapshot();
        assertThat(names(s, TopTable.Sort.CPU)).containsExactly("busy", "fat", "idle", "off");
        assertThat(names(s, TopTable.Sort.MEMORY)).containsExactly("fat", "idle", "busy", "off");
        assertThat(names(s, TopTable.Sort.NAME)).containsExactly("busy", "fat", "idle", "off");
        assertThat(names(s, TopTable.Sort.RESTARTS)).containsExactly("busy", "fat", "idle", "off");
        assertThat(names(s, TopTable.Sort.THREADS)).containsExactly("fat", "busy", "idle", "off");
        assertThat(TopTable.Sort.parse("memory")).contains(TopTable.Sort.MEMORY);
        assertThat(TopTable.Sort.parse("m")).contains(TopTable.Sort.MEMORY);
        assertThat(TopTable.Sort.parse("disk")).isEmpty();
    }

    static List<String> names(TopSnapshot s, TopTable.Sort sort) {
        return TopTable.lines(s, sort, 2).stream()
                .skip(3)
                .map(l -> l.split(" ")[0])
                .toList();
    }
}
