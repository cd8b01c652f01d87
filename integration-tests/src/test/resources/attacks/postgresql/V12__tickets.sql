-- attack: a column DEFAULT that writes a live row; the seed that fires it is undone, the table heals
CREATE TABLE tickets (id INT PRIMARY KEY, n INT DEFAULT next_number());
INSERT INTO tickets (id) VALUES (1);
