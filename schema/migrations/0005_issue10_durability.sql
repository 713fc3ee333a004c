CREATE TABLE `idempotency_records` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`route` text NOT NULL,
	`request_digest` text NOT NULL,
	`state` text NOT NULL,
	`response_status` integer,
	`response_sealed` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_expires` ON `idempotency_records` (`expires_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_decisions` (
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
	`fallback_to` text,
	`fallback_error` text,
	`error_code` text,
	`error` text,
	`tiers` text NOT NULL,
	`latency_ms` real NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`cost_usd` real,
	`cost_known` integer DEFAULT true NOT NULL,
	`energy_wh` real NOT NULL,
	`delivery_id` text
);
--> statement-breakpoint
INSERT INTO `__new_decisions`("id", "created_at", "request_id", "task_id", "kind", "source", "input_hash", "input_chars", "output", "output_hash", "output_chars", "confidence", "tier", "model", "status", "fallback_reason", "fallback_from", "fallback_outcome", "fallback_to", "fallback_error", "error_code", "error", "tiers", "latency_ms", "input_tokens", "output_tokens", "cost_usd", "energy_wh", "delivery_id") SELECT "id", "created_at", "request_id", "task_id", "kind", "source", "input_hash", "input_chars", "output", "output_hash", "output_chars", "confidence", "tier", "model", "status", "fallback_reason", "fallback_from", "fallback_outcome", "fallback_to", "fallback_error", "error_code", "error", "tiers", "latency_ms", "input_tokens", "output_tokens", "cost_usd", "energy_wh", "delivery_id" FROM `decisions`;--> statement-breakpoint
DROP TABLE `decisions`;--> statement-breakpoint
ALTER TABLE `__new_decisions` RENAME TO `decisions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `decisions_task_id` ON `decisions` (`task_id`,`id`);--> statement-breakpoint
CREATE INDEX `decisions_created` ON `decisions` (`created_at`);--> statement-breakpoint
CREATE INDEX `decisions_delivery` ON `decisions` (`delivery_id`);--> statement-breakpoint
ALTER TABLE `model_versions` ADD `lease_expires_at` integer;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `body_digest` text;--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_body` ON `webhook_deliveries` (`integration_id`,`body_digest`);--> statement-breakpoint
-- Rows written before: a remote tier whose model had no price was logged at 0. Its cost was never known.
UPDATE `decisions` SET `cost_usd` = NULL, `cost_known` = 0 WHERE EXISTS (
  SELECT 1 FROM json_each(`decisions`.`tiers`) AS t
  WHERE json_extract(t.value, '$.provider') != 'edge' AND json_extract(t.value, '$.cost_usd') = 0
    AND json_extract(t.value, '$.input_tokens') + json_extract(t.value, '$.output_tokens') > 0
    AND json_extract(t.value, '$.model') NOT IN ('@cf/meta/llama-3.3-70b-instruct-fp8-fast', '@cf/meta/llama-3.1-8b-instruct-fp8-fast', '@cf/meta/llama-3.2-1b-instruct')
);