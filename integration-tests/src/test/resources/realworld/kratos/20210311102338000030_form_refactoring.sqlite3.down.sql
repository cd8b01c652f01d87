
DROP TABLE "selfservice_login_flows";