package io.schemaheal.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A shop as a Spring Boot application: customers and their orders through JPA, migrated by Flyway, on
 * PostgreSQL. Nothing in its code knows SchemaHeal: the starter on its class path and
 * {@code application.properties} are all there is.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
