CREATE TABLE accounts (id INT PRIMARY KEY, email VARCHAR(120), name VARCHAR(80) NOT NULL) ENGINE=InnoDB;
CREATE INDEX idx_accounts_email ON accounts(email);
