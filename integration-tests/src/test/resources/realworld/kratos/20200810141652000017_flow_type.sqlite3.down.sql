
DROP TABLE "selfservice_registration_requests";