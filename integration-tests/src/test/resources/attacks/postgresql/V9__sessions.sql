CREATE TABLE sessions (id INT PRIMARY KEY, expired BOOLEAN NOT NULL DEFAULT false);
CREATE FUNCTION purge_sessions() RETURNS void AS $$
BEGIN
    DELETE FROM sessions WHERE expired;
END $$ LANGUAGE plpgsql;
