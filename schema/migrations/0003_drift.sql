ALTER TABLE `tasks` ADD `drift_threshold` real;--> statement-breakpoint
ALTER TABLE `shadow_checks` ADD `edge_confidence` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `shadow_checks` ADD `cost_usd` real DEFAULT 0 NOT NULL;