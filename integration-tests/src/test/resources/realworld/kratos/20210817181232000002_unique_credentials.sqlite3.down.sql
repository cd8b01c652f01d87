
DROP TABLE "identity_credential_identifiers";