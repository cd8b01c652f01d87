ALTER TABLE orders ADD COLUMN note VARCHAR(200);
CREATE INDEX idx_orders_note ON orders(note);
