
DROP TABLE "identity_recovery_tokens";