
DROP TABLE "continuity_containers";