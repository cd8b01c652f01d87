package io.schemaheal.sample;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Places and counts orders: each request a JPA transaction, as in any Spring application. */
@RestController
class OrderController {

    private final CustomerRepository customers;
    private final OrderRepository orders;

    OrderController(CustomerRepository customers, OrderRepository orders) {
        this.customers = customers;
        this.orders = orders;
    }

    @PostMapping("/orders")
    @Transactional
    Map<String, Object> place(@RequestParam("customer") long customer, @RequestParam("total") int total) {
        Customer c = customers.findById(customer).orElseThrow();
        PurchaseOrder o = orders.save(new PurchaseOrder(c, total));
        return Map.of("id", o.getId(), "customer", c.getName(), "total", o.getTotal());
    }

    @GetMapping("/orders/count")
    @Transactional(readOnly = true)
    Map<String, Object> count() {
        return Map.of("orders", orders.count());
    }
}
