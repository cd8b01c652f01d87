CREATE TABLE settings (k TEXT PRIMARY KEY, v TEXT);
INSERT INTO settings (k, v) VALUES ('theme', 'dark');
-- attack: seed data for an existing table, also through the FROM of an UPDATE
UPDATE users SET full_name = s.v FROM settings s WHERE s.k = 'theme' AND users.id = 1;
