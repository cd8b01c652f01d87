package io.schemaheal.spring;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts {@code heal-on-start} in its place among the beans, by their types' names so that one starter serves Boot 3 and
 * Boot 4 (whose Flyway and JPA support moved to other packages): after the migration tool's initializer, Flyway's or
 * Liquibase's (a first deployment is the tool's, and so is what a new release adds; drift is then SchemaHeal's), and
 * before every JPA {@code EntityManagerFactory} (Hibernate's {@code ddl-auto=validate} then checks a whole schema).
 */
final class HealOnStartOrder implements BeanFactoryPostProcessor {

    static final String BEAN = "schemaHealOnStart";

    /**
     * Boot 3's and Boot 4's Flyway initializer, and Liquibase's Spring bean (which updates as it initialises): migrated
     * before the heal, so that what a new release adds is the tool's to make, not the heal's.
     */
    private static final List<String> MIGRATE_BEFORE = List.of(
            "org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer",
            "org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer",
            "liquibase.integration.spring.SpringLiquibase");
    /** JPA's factories, and the Spring factory beans that make them: created after the heal. */
    private static final List<String> BUILD_AFTER = List.of(
            "jakarta.persistence.EntityManagerFactory",
            "org.springframework.orm.jpa.AbstractEntityManagerFactoryBean");

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!beanFactory.containsBeanDefinition(BEAN)) {
            return;
        }
        for (String migration : beansOf(beanFactory, MIGRATE_BEFORE)) {
            dependOn(beanFactory.getBeanDefinition(BEAN), migration);
        }
        for (String jpa : beansOf(beanFactory, BUILD_AFTER)) {
            if (beanFactory.containsBeanDefinition(jpa)) {
                dependOn(beanFactory.getBeanDefinition(jpa), BEAN);
            }
        }
    }

    private static void dependOn(BeanDefinition definition, String name) {
        definition.setDependsOn(StringUtils.addStringToArray(definition.getDependsOn(), name));
    }

    /** The names of the beans of those of the types that are on the class path (a factory bean by the name it makes). */
    private static List<String> beansOf(ConfigurableListableBeanFactory beanFactory, List<String> typeNames) {
        List<String> names = new ArrayList<>();
        ClassLoader loader = beanFactory.getBeanClassLoader();
        for (String typeName : typeNames) {
            if (!ClassUtils.isPresent(typeName, loader)) {
                continue;
            }
            Class<?> type = ClassUtils.resolveClassName(typeName, loader);
            for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
                String bean = BeanFactoryUtils.transformedBeanName(name);
                if (!names.contains(bean)) {
                    names.add(bean);
                }
            }
        }
        return names;
    }
}
