CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(80), visits INT NOT NULL DEFAULT 0) ENGINE=InnoDB;
-- attack: a unique index created early and dropped later must not come back onto the live users
CREATE UNIQUE INDEX uq_users_name ON users(name);
INSERT INTO users (id, name) VALUES (1, 'Root');
