ALTER TABLE identity_login_codes MODIFY address_type CHAR(36);
ALTER TABLE identity_registration_codes MODIFY address_type CHAR(36);
