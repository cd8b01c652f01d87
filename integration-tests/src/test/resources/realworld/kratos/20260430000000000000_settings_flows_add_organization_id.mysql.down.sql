alter table selfservice_settings_flows drop column organization_id;
