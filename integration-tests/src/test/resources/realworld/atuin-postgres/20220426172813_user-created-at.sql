alter table users add column created_at timestamp not null default now();
