package dev.junctionmq.it;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Front ends see the broker only through the SPI (DESIGN.md): no front-end class may use the store, the engine's
 * internals or the broker assembly. Allowed: {@code broker.spi}, {@code broker.security}, the message model
 * ({@code engine.message}), filters ({@code engine.filter}), {@code engine.SendResult} and the consumer API types
 * of {@code engine.delivery}.
 */
class FrontEndBoundaryIT {

    private static final String[] FRONT_END_PACKAGES = {
        "dev.junctionmq.amqp..", "dev.junctionmq.stomp..", "dev.junctionmq.mqtt.."};

    private static final JavaClasses FRONT_ENDS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.junctionmq.amqp", "dev.junctionmq.stomp", "dev.junctionmq.mqtt");

    @Test
    void frontEndsDoNotReachIntoTheStoreServerOrConfig() {
        internalsRule(FRONT_END_PACKAGES).check(FRONT_ENDS);
    }

    /** The rule is live: applied to the broker assembly, which does use the store, it reports violations. */
    @Test
    void theBoundaryRuleCatchesAViolation() {
        JavaClasses server = new ClassFileImporter().importPackages("dev.junctionmq.broker.server");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> internalsRule("dev.junctionmq.broker.server..").check(server))
                .isInstanceOf(AssertionError.class).hasMessageContaining("dev.junctionmq.broker.store");
    }

    private static ArchRule internalsRule(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.junctionmq.broker.store..", "dev.junctionmq.broker.server..",
                        "dev.junctionmq.broker.config..", "dev.junctionmq.broker.http..",
                        "dev.junctionmq.broker.engine.topic..", "dev.junctionmq.broker.engine.group..",
                        "dev.junctionmq.broker.engine.timer..", "dev.junctionmq.broker.engine.state..")
                .allowEmptyShould(true);
    }

    @Test
    void frontEndsUseOnlyTheConsumerApiOfTheEngine() {
        ArchRule rule = noClasses().that().resideInAnyPackage(FRONT_END_PACKAGES)
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "engine internals",
                        c -> (c.getPackageName().equals("dev.junctionmq.broker.engine")
                                && !c.getSimpleName().equals("SendResult"))
                                || (c.getPackageName().equals("dev.junctionmq.broker.engine.delivery")
                                && !java.util.Set.of("Delivery", "DeliveryListener", "Subscriber",
                                "SubscriptionSpec", "StartPosition", "ConsumeMode").contains(c.getSimpleName()))))
                .allowEmptyShould(true);
        rule.check(FRONT_ENDS);
    }
}
