CREATE TABLE users (id INTEGER PRIMARY KEY, display_name TEXT, visits INTEGER NOT NULL DEFAULT 0);
INSERT INTO users (id, display_name) VALUES (1, 'Root');
