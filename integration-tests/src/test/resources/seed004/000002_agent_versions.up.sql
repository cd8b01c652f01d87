CREATE TABLE agent_versions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id UUID NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    config JSONB,
    UNIQUE(agent_id, version)
);
ALTER TABLE agents ADD COLUMN description TEXT;
