CREATE TABLE "_selfservice_verification_requests_tmp" (
"id" TEXT PRIMARY KEY,
"request_url" TEXT NOT NULL,
"issued_at" DATETIME NOT NULL DEFAULT 'CURRENT_TIMESTAMP',
"expires_at" DATETIME NOT NULL,
"csrf_token" TEXT NOT NULL,
"created_at" DATETIME NOT NULL,
"updated_at" DATETIME NOT NULL,
"nid" char(36),
"messages" TEXT,
"form" TEXT,
"via" TEXT NOT NULL DEFAULT 'email',
"success" bool NOT NULL DEFAULT 'FALSE'
);