CREATE TABLE `learning_events` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`kind` text NOT NULL,
	`details` text NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `learning_events_task` ON `learning_events` (`task_id`,`id`);--> statement-breakpoint
CREATE TABLE `shadow_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`decision_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`edge_label` text NOT NULL,
	`large_label` text NOT NULL,
	`agree` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shadow_checks_decision_id_unique` ON `shadow_checks` (`decision_id`);--> statement-breakpoint
CREATE INDEX `shadow_checks_task` ON `shadow_checks` (`task_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `model_versions` ADD `trigger` text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE `model_versions` ADD `verdict` text;--> statement-breakpoint
ALTER TABLE `model_versions` ADD `verdict_reason` text;--> statement-breakpoint
CREATE UNIQUE INDEX `examples_decision_source` ON `examples` (`decision_id`,`source`) WHERE "examples"."decision_id" IS NOT NULL;