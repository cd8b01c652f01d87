
DROP TABLE "selfservice_login_requests";