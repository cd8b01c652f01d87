ALTER TABLE `selfservice_recovery_flows` ADD COLUMN `internal_context` JSON;
ALTER TABLE `selfservice_verification_flows` ADD COLUMN `internal_context` JSON;
