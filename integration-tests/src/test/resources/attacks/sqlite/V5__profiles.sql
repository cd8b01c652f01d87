CREATE TABLE profiles (user_id INTEGER REFERENCES users(id), name TEXT);
-- attack: a seed row fires a trigger of the same heal that updates an existing table
CREATE TRIGGER profiles_count AFTER INSERT ON profiles BEGIN
    UPDATE users SET visits = visits + 1 WHERE id = new.user_id;
END;
INSERT INTO profiles (user_id, name) VALUES (1, 'seed');
