package taskmaster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering the design relies on, checked on the compiled classes. */
@AnalyzeClasses(packages = "taskmaster", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The engine knows nothing of JMX: management plugs in through engine events. */
    @ArchTest
    static final ArchRule engineIsFreeOfJmx = noClasses()
            .that()
            .resideInAPackage("taskmaster.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("javax.management..", "java.lang.management..", "org.jolokia..");

    /** The engine reaches the OS only through its Launcher port. */
    @ArchTest
    static final ArchRule engineDoesNotKnowTheOsLayerOrTheDaemon = noClasses()
            .that()
            .resideInAPackage("taskmaster.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("taskmaster.os..", "taskmaster.daemon..", "taskmaster.config..");

    /** The engine knows none of its adapters: management, XML-RPC and the event listeners listen to it; checks plug in through {@code Checks}. */
    @ArchTest
    static final ArchRule engineKnowsNoAdapter = noClasses()
            .that()
            .resideInAPackage("taskmaster.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "taskmaster.management..", "taskmaster.xmlrpc..", "taskmaster.events..", "taskmaster.checks..");

    /** The model is plain data: it depends on nothing of ours but the contract. */
    @ArchTest
    static final ArchRule modelIsALeaf = noClasses()
            .that()
            .resideInAPackage("taskmaster.model..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("taskmaster.engine..", "taskmaster.os..", "taskmaster.daemon..", "taskmaster.config..");

    /** Configuration parsing produces the model and nothing runs from it. */
    @ArchTest
    static final ArchRule configDoesNotRunAnything = noClasses()
            .that()
            .resideInAPackage("taskmaster.config..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("taskmaster.engine..", "taskmaster.daemon..");

    /** The output API is what the management plane sees of the capture: no OS layer behind it. */
    @ArchTest
    static final ArchRule outputApiIsALeaf = noClasses()
            .that()
            .resideInAPackage("taskmaster.output..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("taskmaster.os..", "taskmaster.engine..", "taskmaster.daemon..", "taskmaster.config..");

    /**
     * Resource sampling reads /proc and publishes figures; the management plane reads them
     * through {@code Usages}, never the other way round, and nothing of the daemon is in it.
     */
    @ArchTest
    static final ArchRule resourcesKnowNoManagement = noClasses()
            .that()
            .resideInAPackage("taskmaster.resources..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "taskmaster.management..",
                    "taskmaster.daemon..",
                    "taskmaster.xmlrpc..",
                    "javax.management..",
                    "org.jolokia..");

    /** taskmasterctl talks to the daemon through Jolokia over HTTP only, never in-process. */
    @ArchTest
    static final ArchRule consoleTalksHttpOnly = noClasses()
            .that()
            .resideInAPackage("taskmaster.ctl..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "taskmaster.engine..",
                    "taskmaster.os..",
                    "taskmaster.daemon..",
                    "taskmaster.management..",
                    "javax.management..",
                    "org.jolokia.server..",
                    "org.jolokia.jvmagent..");

    /** The XML-RPC transport knows only its dispatcher: what a call does is the management layer's. */
    @ArchTest
    static final ArchRule xmlRpcIsOnlyTheWire = noClasses()
            .that()
            .resideInAPackage("taskmaster.xmlrpc..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "taskmaster.engine..",
                    "taskmaster.management..",
                    "taskmaster.daemon..",
                    "taskmaster.os..",
                    "taskmaster.config..",
                    "javax.management..");

    /** Commands write to their streams and return a code: only taskmasterctl's main exits the JVM. */
    @ArchTest
    static final ArchRule onlyMainExits = noClasses()
            .that()
            .resideInAPackage("taskmaster.ctl..")
            .and()
            .doNotHaveSimpleName("Main")
            .should()
            .callMethod(System.class, "exit", int.class);
}
