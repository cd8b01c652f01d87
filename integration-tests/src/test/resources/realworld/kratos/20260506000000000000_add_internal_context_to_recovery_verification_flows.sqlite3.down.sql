ALTER TABLE "selfservice_recovery_flows" DROP COLUMN "internal_context";
ALTER TABLE "selfservice_verification_flows" DROP COLUMN "internal_context";
