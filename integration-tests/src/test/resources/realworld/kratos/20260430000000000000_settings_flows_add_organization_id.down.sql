alter table selfservice_settings_flows drop column if exists organization_id;
