-- attack: a rename, replayed while the live accounts holds rows, would move them away
ALTER TABLE accounts RENAME TO legacy_accounts;
