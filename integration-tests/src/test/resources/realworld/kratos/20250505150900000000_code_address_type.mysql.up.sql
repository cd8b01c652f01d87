ALTER TABLE identity_login_codes MODIFY address_type VARCHAR(36);
ALTER TABLE identity_registration_codes MODIFY address_type VARCHAR(36);
