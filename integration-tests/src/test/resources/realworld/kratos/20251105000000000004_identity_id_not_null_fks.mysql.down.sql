-- Cannot drop index '...': needed in a foreign key constraint

-- DROP INDEX identity_credential_identifiers_identity_id_fk_idx ON identity_credential_identifiers;
-- DROP INDEX session_devices_identity_id_fk_idx ON session_devices;
