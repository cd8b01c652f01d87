-- attack: a query inside a CREATE that deletes live rows; only the database can tell, and it refuses the table
CREATE TABLE archive AS WITH gone AS (DELETE FROM sessions WHERE expired RETURNING *) SELECT * FROM gone;
