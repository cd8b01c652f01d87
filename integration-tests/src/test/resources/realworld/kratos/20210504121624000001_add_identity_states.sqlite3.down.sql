
DROP TABLE "identities";