
DROP TABLE "selfservice_recovery_requests";