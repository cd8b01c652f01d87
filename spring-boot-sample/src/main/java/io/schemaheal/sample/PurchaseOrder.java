package io.schemaheal.sample;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "orders")
public class PurchaseOrder {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "customer_id")
    private Customer customer;

    private Integer total;

    protected PurchaseOrder() {
    }

    PurchaseOrder(Customer customer, int total) {
        this.customer = customer;
        this.total = total;
    }

    public Long getId() {
        return id;
    }

    public Integer getTotal() {
        return total;
    }
}
