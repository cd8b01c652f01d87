CREATE TABLE profiles (user_id INT REFERENCES users(id), name TEXT);
-- attack: a seed row fires a trigger of the same heal whose function updates an existing table
CREATE FUNCTION count_profile() RETURNS trigger AS $$
BEGIN
    UPDATE users SET visits = visits + 1 WHERE id = NEW.user_id;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER profiles_count AFTER INSERT ON profiles FOR EACH ROW EXECUTE FUNCTION count_profile();
INSERT INTO profiles (user_id, name) VALUES (1, 'seed');
