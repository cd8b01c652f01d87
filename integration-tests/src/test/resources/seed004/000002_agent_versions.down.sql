ALTER TABLE agents DROP COLUMN description;
DROP TABLE IF EXISTS agent_versions;
