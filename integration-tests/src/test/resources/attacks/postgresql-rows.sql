INSERT INTO accounts (id, email, name) VALUES (1, 'ann@example.org', 'Ann'), (2, 'bob@example.org', 'Bob');
INSERT INTO legacy_accounts (id, name) VALUES (10, 'Old Ann');
INSERT INTO users (id, full_name, visits) VALUES (2, 'Ann', 0), (3, 'Ann', 5);
INSERT INTO notes (id, user_id, body) VALUES (1, 1, 'hello');
INSERT INTO sessions (id, expired) VALUES (1, true), (2, false);
INSERT INTO counters (name, value) VALUES ('ticket', 5000);
