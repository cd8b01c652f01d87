package io.schemaheal.it;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

import java.nio.file.Path;

/**
 * A plain Hibernate 6 application (no Spring) that validates its schema when it starts
 * ({@code hibernate.hbm2ddl.auto=validate}), then, once the test lets it go, writes an order in a transaction.
 * Run in a child JVM by {@link HibernateTest}. Args: JDBC URL, barrier folder, user, password, and optionally
 * {@code new-customer}: the transaction then persists a new customer first and the order is that customer's (the
 * transaction holds a write lock on {@code customers} when the order's insert finds {@code orders} missing).
 */
public final class HibernateApp {

    @Entity(name = "Customer")
    @Table(name = "customers")
    public static class Customer {
        @Id
        Long id;
        String name;
    }

    @Entity(name = "PurchaseOrder")
    @Table(name = "orders")
    public static class PurchaseOrder {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
        @ManyToOne(optional = false)
        Customer customer;
        Integer total;
    }

    public static void main(String[] args) throws Exception {
        Configuration config = new Configuration().addAnnotatedClass(Customer.class).addAnnotatedClass(PurchaseOrder.class)
                .setProperty("hibernate.connection.url", args[0])
                .setProperty("hibernate.connection.username", args[2])
                .setProperty("hibernate.connection.password", args[3])
                .setProperty("hibernate.hbm2ddl.auto", "validate")
                .setProperty("hibernate.connection.pool_size", "2");
        try (SessionFactory sessions = config.buildSessionFactory()) {
            System.out.println("VALIDATED");
            FileBarrier.arriveAndAwait(Path.of(args[1]), "hibernate"); // the test drops a table meanwhile
            boolean newCustomer = args.length > 4 && args[4].equals("new-customer");
            sessions.inTransaction(s -> {
                PurchaseOrder order = new PurchaseOrder();
                if (newCustomer) {
                    Customer bob = new Customer();
                    bob.id = 2L;
                    bob.name = "Bob";
                    s.persist(bob);
                    s.flush(); // the customer's row is written (and locked) before the order's
                    order.customer = bob;
                } else {
                    order.customer = s.find(Customer.class, 1L);
                }
                order.total = 30;
                s.persist(order);
                if (newCustomer) {
                    System.gc(); // what waits for the commit must not depend on nothing having been collected meanwhile
                }
            });
            long orders = sessions.fromTransaction(s -> s.createSelectionQuery("select count(o) from PurchaseOrder o", Long.class)
                    .getSingleResult());
            System.out.println("ORDERS " + orders);
        }
    }
}
