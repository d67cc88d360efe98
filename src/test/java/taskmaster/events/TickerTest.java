package taskmaster.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** TICK_5/60/3600 at wall-clock multiples, as supervisord's tick computes its timeslices. */
class TickerTest {

    private static List<String> at(Ticker t, long ms) {
        return t.at(ms).stream().map(e -> e.type + " " + e.payload).toList();
    }

    @Test
    void firstLookOnlyNotesTheSlices() {
        Ticker t = new Ticker();
        assertThat(at(t, 1_699_999_199_000L)).isEmpty();
        assertThat(at(t, 1_699_999_199_900L)).isEmpty();
        // 1699999200 is a multiple of 5, 60 and 3600.
        assertThat(at(t, 1_699_999_200_200L))
                .containsExactly("TICK_5 when:1699999200", "TICK_60 when:1699999200", "TICK_3600 when:1699999200");
        assertThat(at(t, 1_699_999_204_999L)).isEmpty();
        assertThat(at(t, 1_699_999_205_000L)).containsExactly("TICK_5 when:1699999205");
    }

    @Test
    void aLateLookFiresEachPeriodOnceWithTheSliceItIsIn() {
        Ticker t = new Ticker();
        at(t, 1_700_000_001_000L);
        assertThat(at(t, 1_700_000_133_000L)).containsExactly("TICK_5 when:1700000130", "TICK_60 when:1700000100");
    }

    /**
     * Ticks resumed when a pool appears after none: the minute and hour that passed while nobody
     * looked do not fire at the next 5 s; each period fires at its own next boundary.
     */
    @Test
    void noteAfterAPauseFiresOnlyTheSlicesBegunSince() {
        Ticker t = new Ticker();
        at(t, 1_700_000_001_000L);
        t.note(1_700_000_133_000L);
        assertThat(at(t, 1_700_000_134_999L)).isEmpty();
        assertThat(at(t, 1_700_000_135_000L)).containsExactly("TICK_5 when:1700000135");
        assertThat(at(t, 1_700_000_160_000L)).containsExactly("TICK_5 when:1700000160", "TICK_60 when:1700000160");
    }

    @Test
    void nextLookIsAtTheNextMultipleOfFiveSeconds() {
        assertThat(Ticker.untilNext(1_700_000_001_250L)).isEqualTo(3_750);
        assertThat(Ticker.untilNext(1_700_000_005_000L)).isEqualTo(5_000);
    }
}
