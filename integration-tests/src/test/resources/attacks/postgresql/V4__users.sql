CREATE TABLE users (id INT PRIMARY KEY, display_name TEXT, visits INT NOT NULL DEFAULT 0);
INSERT INTO users (id, display_name) VALUES (1, 'Root');
