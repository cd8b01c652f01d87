CREATE INDEX identity_credentials_nid_idx ON identity_credentials (nid);
