-- attack: a column rename replayed on the live users
ALTER TABLE users RENAME COLUMN display_name TO full_name;
