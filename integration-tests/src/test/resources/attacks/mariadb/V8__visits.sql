CREATE TABLE visits (user_id INT) ENGINE=InnoDB;
-- attack: a seed row fires a trigger of the same heal that updates an existing table
CREATE TRIGGER visits_count AFTER INSERT ON visits FOR EACH ROW UPDATE users SET visits = visits + 1 WHERE id = NEW.user_id;
INSERT INTO visits (user_id) VALUES (1);
