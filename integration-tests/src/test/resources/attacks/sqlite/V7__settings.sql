CREATE TABLE settings (k TEXT PRIMARY KEY, v TEXT);
INSERT INTO settings (k, v) VALUES ('theme', 'dark');
-- attack: seed data for an existing table
UPDATE users SET full_name = 'seeded' WHERE id = 1;
