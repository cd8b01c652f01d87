-- This index is replaced by identity_credential_identifiers_ici_nid_i_idx (included in the previous OEL release)
DROP INDEX IF EXISTS identity_credential_identifiers_nid_ici_i_idx;

-- This index is replaced by identity_credential_identifiers_ici_nid_i_idx (included in the previous OEL release)
DROP INDEX IF EXISTS identity_credential_identifiers_identity_credential_id_idx;
