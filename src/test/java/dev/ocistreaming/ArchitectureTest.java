package dev.ocistreaming;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Who may import whom, checked on the compiled production classes (tests may import all three parts).
 *
 * <p>The component and the server meet only over HTTP: an application that depends on the component must not get the
 * server, and the server must work for any OCI client, not only ours. The launcher wires both, through their
 * top-level packages (and the component's {@code client} package, which builds SDK clients), never through their
 * internals. Sub-packages of a part form no cycle; a part's top-level package (its configuration and entry points)
 * is used by its sub-packages and uses them, as Camel's own components do.
 */
@AnalyzeClasses(packages = "dev.ocistreaming", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theComponentImportsNeitherTheServerNorTheLauncher = noClasses()
            .that()
            .resideInAPackage("dev.ocistreaming.camel..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.ocistreaming.local..", "dev.ocistreaming.app..");

    @ArchTest
    static final ArchRule theServerImportsNeitherTheComponentNorTheLauncher = noClasses()
            .that()
            .resideInAPackage("dev.ocistreaming.local..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.ocistreaming.camel..", "dev.ocistreaming.app..");

    @ArchTest
    static final ArchRule theLauncherUsesOnlyThePublicFaceOfTheServer = noClasses()
            .that()
            .resideInAPackage("dev.ocistreaming.app..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.ocistreaming.local.(*)..",
                    "dev.ocistreaming.camel.consumer..",
                    "dev.ocistreaming.camel.producer..",
                    "dev.ocistreaming.camel.metrics..");

    @ArchTest
    static final ArchRule thePartsFormNoCycle =
            slices().matching("dev.ocistreaming.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theComponentsSubPackagesFormNoCycle =
            slices().matching("dev.ocistreaming.camel.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theServersSubPackagesFormNoCycle =
            slices().matching("dev.ocistreaming.local.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theLaunchersSubPackagesFormNoCycle =
            slices().matching("dev.ocistreaming.app.(*)..").should().beFreeOfCycles();
}
