CREATE TABLE counters (name TEXT PRIMARY KEY, value INT NOT NULL);
CREATE FUNCTION next_number() RETURNS INT AS $$
    UPDATE counters SET value = value + 1 WHERE name = 'ticket' RETURNING value
$$ LANGUAGE sql;
