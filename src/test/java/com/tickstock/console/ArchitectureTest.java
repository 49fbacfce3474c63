package com.tickstock.console;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tickstock.console.feed.EventType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape of the code, checked on the compiled main classes: the package layering
 * feed &lt;- config &lt;- manager &lt;- {republish, status, record} &lt;- ui &lt;- app (and two lowest-level leaves usable
 * by all: supervision, and market, the session calendar and clock), the simulator used by app (and by record, for
 * its server container only) and sharing only the feed's event types and the market leaf,
 * JavaFX only in ui, Lettuce and netty only in republish, and no cycles between packages.
 */
// Jars hold no console classes: not scanning them keeps the import to a second or two.
@AnalyzeClasses(packages = "com.tickstock.console",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    private static final String ROOT = "com.tickstock.console.";

    @ArchTest
    static final ArchRule layering = layeredArchitecture().consideringOnlyDependenciesInLayers()
            // Lowest level, usable by every package (threads, timers, backoff).
            .layer("Supervision").definedBy(ROOT + "supervision..")
            // A leaf like supervision: market sessions and the settable clock, which the console's session logic
            // and the standalone simulator must agree on, so both use the one calendar.
            .layer("Market").definedBy(ROOT + "market..")
            .layer("Feed").definedBy(ROOT + "feed..")
            .layer("Config").definedBy(ROOT + "config..")
            .layer("Manager").definedBy(ROOT + "manager..")
            .layer("Republish").definedBy(ROOT + "republish..")
            .layer("Status").definedBy(ROOT + "status..")
            // Recording of the raw feed and its replay: beside the republisher, another consumer of the feed.
            .layer("Record").definedBy(ROOT + "recording..")
            // The ticker plant: a feeder publishing through Redis, consoles attaching to it.
            .optionalLayer("Plant").definedBy(ROOT + "plant..")
            .layer("Ui").definedBy(ROOT + "ui..")
            .layer("App").definedBy(ROOT + "app..")
            .layer("Simulator").definedBy(ROOT + "simulator..")

            .whereLayer("Supervision").mayNotAccessAnyLayer()
            .whereLayer("Market").mayNotAccessAnyLayer()
            .whereLayer("Feed").mayOnlyAccessLayers("Supervision", "Market")
            .whereLayer("Config").mayOnlyAccessLayers("Supervision", "Market", "Feed")
            .whereLayer("Manager").mayOnlyAccessLayers("Supervision", "Market", "Feed", "Config")
            .whereLayer("Republish").mayOnlyAccessLayers("Supervision", "Market", "Feed", "Config", "Manager")
            .whereLayer("Status").mayOnlyAccessLayers("Supervision", "Market", "Feed", "Config", "Manager")
            // The replay server runs on the simulator's loopback WebSocket container (and nothing else of it).
            .whereLayer("Record").mayOnlyAccessLayers("Supervision", "Market", "Feed", "Config", "Manager", "Simulator")
            .whereLayer("Plant").mayOnlyAccessLayers("Supervision", "Market", "Feed", "Config", "Manager", "Republish",
                    "Status")
            .whereLayer("Ui").mayOnlyAccessLayers("Supervision", "Market", "Feed", "Config", "Manager", "Republish",
                    "Status", "Plant", "Record")
            .whereLayer("App").mayOnlyAccessLayers("Supervision", "Market", "Feed", "Config", "Manager", "Republish",
                    "Status", "Plant", "Ui", "Simulator", "Record")
            // Standalone: an embedded stand-in for the Massive feed, started by app only. It speaks the
            // feed's protocol, so it shares the feed's event type names (and nothing else: see below).
            .whereLayer("Simulator").mayOnlyAccessLayers("Supervision", "Market", "Feed")
            .whereLayer("Simulator").mayOnlyBeAccessedByLayers("App", "Record");

    @ArchTest
    static final ArchRule simulatorSharesOnlyTheEventTypes = noClasses().that().resideInAPackage(ROOT + "simulator..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + "feed..").and(not(type(EventType.class))))
            .because("the simulator must stay a faithful, independent implementation of the Massive server");

    @ArchTest
    static final ArchRule javafxOnlyInUi = noClasses().that().resideOutsideOfPackage(ROOT + "ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "com.sun.javafx..")
            .because("the core must run headless and be testable without a display");

    @ArchTest
    static final ArchRule lettuceAndNettyOnlyInTheRedisPackages = noClasses()
            .that().resideOutsideOfPackages(ROOT + "republish..", ROOT + "plant..")
            .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "io.netty..")
            .because("the Redis client is a detail of the republisher and of the plant, the two parts that speak Redis");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching(ROOT + "(*)..").should().beFreeOfCycles();
}
