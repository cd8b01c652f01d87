CREATE TABLE `identity_credential_types` (
`id` char(36) NOT NULL,
PRIMARY KEY(`id`),
`name` VARCHAR (32) NOT NULL
) ENGINE=InnoDB;