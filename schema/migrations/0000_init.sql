CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text,
	`labels` text NOT NULL,
	`threshold` real,
	`target_accuracy` real,
	`tiers` text,
	`active_model_id` text,
	`settings` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_name_unique` ON `tasks` (`name`);--> statement-breakpoint
CREATE TABLE `examples` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`text` text NOT NULL,
	`label` text NOT NULL,
	`source` text NOT NULL,
	`decision_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `examples_task_created` ON `examples` (`task_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `model_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`seed` integer NOT NULL,
	`artifact_key` text,
	`artifact_bytes` integer,
	`training_examples` integer,
	`metrics` text,
	`threshold` real,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `model_versions_task_version` ON `model_versions` (`task_id`,`version`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`request_id` text NOT NULL,
	`task_id` text,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`input_hash` text NOT NULL,
	`input_chars` integer NOT NULL,
	`output` text,
	`output_hash` text,
	`output_chars` integer,
	`confidence` real,
	`tier` text,
	`model` text,
	`status` text NOT NULL,
	`fallback_reason` text,
	`fallback_from` text,
	`fallback_outcome` text,
	`error` text,
	`tiers` text NOT NULL,
	`latency_ms` real NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`cost_usd` real NOT NULL,
	`energy_wh` real NOT NULL,
	`delivery_id` text
);
--> statement-breakpoint
CREATE INDEX `decisions_task_id` ON `decisions` (`task_id`,`id`);--> statement-breakpoint
CREATE INDEX `decisions_created` ON `decisions` (`created_at`);