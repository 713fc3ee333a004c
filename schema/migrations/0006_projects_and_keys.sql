CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL,
	`scopes` text NOT NULL,
	`task_ids` text,
	`expires_at` integer,
	`revoked_at` integer,
	`last_used_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE INDEX `api_keys_project` ON `api_keys` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`daily_budget_usd` real,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
-- Every row from before projects belongs to the default project, which the bootstrap keys (API_KEY_HASHES) administer.
INSERT INTO `projects` (`id`, `name`, `daily_budget_usd`, `created_at`, `updated_at`) VALUES ('prj_default', 'default', NULL, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000);--> statement-breakpoint
CREATE UNIQUE INDEX `projects_name` ON `projects` (`name`);--> statement-breakpoint
DROP INDEX `tasks_name_unique`;--> statement-breakpoint
ALTER TABLE `tasks` ADD `project_id` text DEFAULT 'prj_default' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_project_name` ON `tasks` (`project_id`,`name`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_shadow_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`decision_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`edge_label` text NOT NULL,
	`edge_confidence` real DEFAULT 0 NOT NULL,
	`large_label` text NOT NULL,
	`agree` integer NOT NULL,
	`cost_usd` real,
	`cost_known` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_shadow_checks`("id", "task_id", "decision_id", "created_at", "edge_label", "edge_confidence", "large_label", "agree", "cost_usd") SELECT "id", "task_id", "decision_id", "created_at", "edge_label", "edge_confidence", "large_label", "agree", "cost_usd" FROM `shadow_checks`;--> statement-breakpoint
DROP TABLE `shadow_checks`;--> statement-breakpoint
ALTER TABLE `__new_shadow_checks` RENAME TO `shadow_checks`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `shadow_checks_decision_id_unique` ON `shadow_checks` (`decision_id`);--> statement-breakpoint
CREATE INDEX `shadow_checks_task` ON `shadow_checks` (`task_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `decisions` ADD `project_id` text DEFAULT 'prj_default' NOT NULL;--> statement-breakpoint
ALTER TABLE `decisions` ADD `key_id` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `metadata` text;--> statement-breakpoint
CREATE INDEX `decisions_project` ON `decisions` (`project_id`,`id`);--> statement-breakpoint
CREATE INDEX `decisions_project_key` ON `decisions` (`project_id`,`key_id`,`id`);--> statement-breakpoint
ALTER TABLE `integrations` ADD `project_id` text DEFAULT 'prj_default' NOT NULL;