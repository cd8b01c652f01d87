
DROP TABLE "selfservice_verification_requests";