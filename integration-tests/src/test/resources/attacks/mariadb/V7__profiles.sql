CREATE TABLE profiles (user_id INT, name VARCHAR(80)) ENGINE=InnoDB;
INSERT INTO profiles (user_id, name) VALUES (1, 'seed');
-- attack: a comma join writes the second table too
UPDATE profiles p, users u SET u.full_name = p.name WHERE p.user_id = u.id;
