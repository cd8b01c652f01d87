ALTER TABLE chat_messages ADD COLUMN metadata TEXT;
