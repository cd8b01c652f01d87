INSERT OR IGNORE INTO plans (code, price) VALUES ('free', 0);
