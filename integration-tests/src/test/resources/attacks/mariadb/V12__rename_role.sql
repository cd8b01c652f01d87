-- attack: REPLACE deletes and re-inserts the row; the live children's cascade is seen and the seed undone
REPLACE INTO roles VALUES (1, 'administrator');
