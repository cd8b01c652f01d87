--liquibase formatted sql

--changeset ada:1
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);

--changeset ada:2
CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));
