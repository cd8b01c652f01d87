-- AgentOS 0.12.0: router fields on tasks
ALTER TABLE tasks ADD COLUMN route_plan_json TEXT;
ALTER TABLE tasks ADD COLUMN requirements_json TEXT;
ALTER TABLE tasks ADD COLUMN selected_instance_id TEXT;
ALTER TABLE tasks ADD COLUMN router_version TEXT;
