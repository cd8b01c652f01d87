-- 000003_multi_agent_orchestration.down.sql
DROP TABLE IF EXISTS workflow_templates;
DROP TABLE IF EXISTS human_approvals;
DROP TABLE IF EXISTS a2a_messages;
DROP TABLE IF EXISTS shared_contexts;
DROP TABLE IF EXISTS execution_steps;
DROP TABLE IF EXISTS executions;
DROP TABLE IF EXISTS workflow_versions;
DROP TABLE IF EXISTS workflows;
DROP TABLE IF EXISTS squad_members;
DROP TABLE IF EXISTS squads;
