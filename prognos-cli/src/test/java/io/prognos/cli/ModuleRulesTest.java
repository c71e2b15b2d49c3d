package io.prognos.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module rules of docs/ARCHITECTURE.md: dependencies flow downward, core stays framework-free. */
class ModuleRulesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.prognos");

    @Test
    void coreUsesNoFrameworksAndNoHigherModule() {
        noClasses().that().resideInAPackage("io.prognos.core..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "picocli..", "com.fasterxml..",
                        "me.tongfei..", "org.slf4j..", "java.sql..", "org.jdbi..", "io.prognos.ml..", "io.prognos.store..",
                        "io.prognos.pipeline..", "io.prognos.cli..", "io.prognos.server..", "io.javalin..", "org.eclipse..",
                        "io.moquette..", "io.micrometer..")
                .check(CLASSES);
    }

    @Test
    void mlDoesNotDependOnTheCommandLine() {
        noClasses().that().resideInAPackage("io.prognos.ml..")
                .should().dependOnClassesThat().resideInAnyPackage("io.prognos.cli..", "picocli..",
                        "io.prognos.store..", "io.prognos.pipeline..", "io.prognos.server..")
                .check(CLASSES);
    }

    @Test
    void storeKnowsOnlyTheCoreDomain() {
        noClasses().that().resideInAPackage("io.prognos.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.prognos.ml..", "io.prognos.pipeline..",
                        "io.prognos.cli..", "io.prognos.server..", "ai.djl..", "picocli..", "io.javalin..")
                .check(CLASSES);
    }

    @Test
    void pipelineDoesNotDependOnTheServerOrTheCommandLine() {
        noClasses().that().resideInAPackage("io.prognos.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("io.prognos.cli..", "picocli..", "io.prognos.server..",
                        "io.javalin..", "org.eclipse.paho..", "io.moquette..", "io.netty..")
                .check(CLASSES);
    }

    @Test
    void serverDoesNotDependOnTheCommandLine() {
        noClasses().that().resideInAPackage("io.prognos.server..")
                .should().dependOnClassesThat().resideInAnyPackage("io.prognos.cli..", "picocli..", "me.tongfei..")
                .check(CLASSES);
    }
}
