package taskmaster.mbeans;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The contract's names as clients read them back from text. */
class ContractTest {

    @Test
    void everyFaultParsesFromItsCode() {
        for (Fault f : Fault.values()) {
            assertThat(Fault.parse(f.name())).contains(f);
        }
    }

    @Test
    void otherTextIsNoFault() {
        assertThat(Fault.parse("bad_name")).isEmpty();
        assertThat(Fault.parse("UNREACHABLE")).isEmpty();
        assertThat(Fault.parse("")).isEmpty();
        assertThat(Fault.parse(null)).isEmpty();
    }

    @Test
    void theTextNamesAreTheObjectNames() throws Exception {
        assertThat(new ObjectName(ObjectNames.SUPERVISOR_NAME)).isEqualTo(ObjectNames.SUPERVISOR);
        assertThat(ObjectNames.SUPERVISOR_NAME).isEqualTo("taskmaster:type=Supervisor");
        assertThat(new ObjectName(ObjectNames.processName("web", "web_00")))
                .isEqualTo(ObjectNames.process("web", "web_00"))
                .isEqualTo(new ObjectName("taskmaster:name=web_00,program=web,type=Process"));
        assertThat(ObjectNames.processName("web", "web_00"))
                .isEqualTo("taskmaster:type=Process,program=web,name=web_00");
        assertThat(new ObjectName(ObjectNames.programName("web")))
                .isEqualTo(ObjectNames.program("web"))
                .isEqualTo(new ObjectName("taskmaster:name=web,type=Program"));
    }

    @Test
    void theBeansMatchTheirPatterns() {
        assertThat(ObjectNames.ALL_PROCESSES.apply(ObjectNames.process("web", "web_00")))
                .isTrue();
        assertThat(ObjectNames.ALL_PROGRAMS.apply(ObjectNames.program("web"))).isTrue();
        assertThat(ObjectNames.ALL_PROCESSES.apply(ObjectNames.program("web"))).isFalse();
        assertThat(ObjectNames.ALL_PROGRAMS.apply(ObjectNames.SUPERVISOR)).isFalse();
    }
}
