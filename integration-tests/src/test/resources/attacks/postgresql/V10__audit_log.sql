CREATE TABLE audit_log (id INT PRIMARY KEY, what TEXT);
-- attack: a block whose delete is dynamic SQL
DO $$
BEGIN
    INSERT INTO audit_log (id, what) VALUES (1, 'purge expired sessions');
    EXECUTE 'DELETE FROM sessions WHERE expired';
END $$;
-- attack: a block that deletes through a function the migrations define
DO $$
BEGIN
    INSERT INTO audit_log (id, what) VALUES (2, 'purge again');
    PERFORM purge_sessions();
END $$;
-- a block that only adds to the new table: it runs
DO $$
BEGIN
    INSERT INTO audit_log (id, what) VALUES (3, 'created');
END $$;
