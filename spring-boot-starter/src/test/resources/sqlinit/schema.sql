-- the application's schema, as Spring runs it at every start (spring.sql.init.mode=always)
CREATE TABLE IF NOT EXISTS plans (code TEXT PRIMARY KEY, price INTEGER NOT NULL DEFAULT 0);
