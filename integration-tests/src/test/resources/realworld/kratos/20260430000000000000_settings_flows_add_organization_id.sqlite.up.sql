alter table selfservice_settings_flows add column organization_id uuid null;
