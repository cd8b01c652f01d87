
DROP TABLE "sessions";