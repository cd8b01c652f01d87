-- attack: REPLACE deletes and re-inserts the row; with foreign keys on, the live children's cascade is refused
REPLACE INTO roles VALUES (1, 'administrator');
