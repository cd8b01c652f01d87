ALTER TABLE identity_recovery_tokens
DROP token_type;
