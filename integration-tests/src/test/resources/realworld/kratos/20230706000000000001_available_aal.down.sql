ALTER TABLE identities DROP COLUMN available_aal;
