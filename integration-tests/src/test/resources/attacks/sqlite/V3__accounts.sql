CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT, name TEXT NOT NULL);
CREATE INDEX idx_accounts_email ON accounts(email);
