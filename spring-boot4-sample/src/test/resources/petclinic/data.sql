INSERT INTO owners (id, first_name, last_name) VALUES (1, 'George', 'Franklin') ON CONFLICT DO NOTHING;
INSERT INTO pets (id, name, owner_id) VALUES (1, 'Leo', 1) ON CONFLICT DO NOTHING;
