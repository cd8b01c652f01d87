ALTER TABLE identity_credential_identifiers DROP COLUMN identity_id;
ALTER TABLE session_devices DROP COLUMN identity_id;
