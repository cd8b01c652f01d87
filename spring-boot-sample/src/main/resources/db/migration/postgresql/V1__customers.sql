CREATE TABLE customers (
    id BIGINT PRIMARY KEY,
    name VARCHAR(80) NOT NULL
);
INSERT INTO customers (id, name) VALUES (1, 'Ann');
