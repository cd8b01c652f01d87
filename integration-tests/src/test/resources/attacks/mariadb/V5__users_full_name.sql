-- attack: CHANGE renames a column; replayed on the live users its values would be lost
ALTER TABLE users CHANGE name full_name VARCHAR(80);
ALTER TABLE users DROP INDEX uq_users_name;
