CREATE TABLE `decision_rollups` (
	`project_id` text NOT NULL,
	`task_id` text NOT NULL,
	`bucket` text NOT NULL,
	`bucket_start` integer NOT NULL,
	`tier` text NOT NULL,
	`model` text NOT NULL,
	`status` text NOT NULL,
	`fallback_reason` text NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`unpriced` integer DEFAULT 0 NOT NULL,
	`large_only_cost_usd` real DEFAULT 0 NOT NULL,
	`large_only_unpriced` integer DEFAULT 0 NOT NULL,
	`energy_wh` real DEFAULT 0 NOT NULL,
	`large_only_energy_wh` real DEFAULT 0 NOT NULL,
	`large_only_energy_unknown` integer DEFAULT 0 NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`latency_ms_sum` real DEFAULT 0 NOT NULL,
	`lat_0` integer DEFAULT 0 NOT NULL,
	`lat_1` integer DEFAULT 0 NOT NULL,
	`lat_2` integer DEFAULT 0 NOT NULL,
	`lat_3` integer DEFAULT 0 NOT NULL,
	`lat_4` integer DEFAULT 0 NOT NULL,
	`lat_5` integer DEFAULT 0 NOT NULL,
	`lat_6` integer DEFAULT 0 NOT NULL,
	`lat_7` integer DEFAULT 0 NOT NULL,
	`lat_8` integer DEFAULT 0 NOT NULL,
	`lat_9` integer DEFAULT 0 NOT NULL,
	`lat_10` integer DEFAULT 0 NOT NULL,
	`lat_11` integer DEFAULT 0 NOT NULL,
	`lat_12` integer DEFAULT 0 NOT NULL,
	`lat_13` integer DEFAULT 0 NOT NULL,
	`shadow_checks` integer DEFAULT 0 NOT NULL,
	`shadow_agreed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`project_id`, `task_id`, `bucket`, `bucket_start`, `tier`, `model`, `status`, `fallback_reason`)
);
--> statement-breakpoint
CREATE INDEX `decision_rollups_project_bucket` ON `decision_rollups` (`project_id`,`bucket`,`bucket_start`);--> statement-breakpoint
CREATE TABLE `job_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `decisions` ADD `large_only_cost_usd` real;--> statement-breakpoint
ALTER TABLE `decisions` ADD `large_only_energy_wh` real;
--> statement-breakpoint
-- Rollups (schema/decision-rollups.ts), per UTC hour and per UTC day: filled from the decisions
-- and shadow checks already logged, then kept by triggers, so a decision row and its rollups are
-- written by the same statement. Decisions from before this migration have no large-only
-- counterfactual: they count as large_only_unpriced and large_only_energy_unknown.
INSERT INTO decision_rollups (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason, requests, cost_usd, unpriced, large_only_cost_usd, large_only_unpriced, energy_wh, large_only_energy_wh, large_only_energy_unknown, input_tokens, output_tokens, latency_ms_sum, lat_0, lat_1, lat_2, lat_3, lat_4, lat_5, lat_6, lat_7, lat_8, lat_9, lat_10, lat_11, lat_12, lat_13)
SELECT project_id, coalesce(task_id, ''), 'hour', created_at - created_at % 3600000, coalesce(tier, ''), coalesce(model, ''), status, coalesce(fallback_reason, ''), count(*), sum(iif((cost_usd IS NULL OR cost_known = 0), 0, cost_usd)), sum((cost_usd IS NULL OR cost_known = 0)), sum(coalesce(large_only_cost_usd, 0)), sum((large_only_cost_usd IS NULL)), sum(energy_wh), sum(coalesce(large_only_energy_wh, 0)), sum((large_only_energy_wh IS NULL)), sum(input_tokens), sum(output_tokens), sum(latency_ms), sum((latency_ms < 1)), sum((latency_ms >= 1 AND latency_ms < 2)), sum((latency_ms >= 2 AND latency_ms < 5)), sum((latency_ms >= 5 AND latency_ms < 10)), sum((latency_ms >= 10 AND latency_ms < 20)), sum((latency_ms >= 20 AND latency_ms < 50)), sum((latency_ms >= 50 AND latency_ms < 100)), sum((latency_ms >= 100 AND latency_ms < 200)), sum((latency_ms >= 200 AND latency_ms < 500)), sum((latency_ms >= 500 AND latency_ms < 1000)), sum((latency_ms >= 1000 AND latency_ms < 2000)), sum((latency_ms >= 2000 AND latency_ms < 5000)), sum((latency_ms >= 5000 AND latency_ms < 10000)), sum((latency_ms >= 10000))
FROM decisions GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO decision_rollups (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason, shadow_checks, shadow_agreed)
SELECT tasks.project_id, shadow_checks.task_id, 'hour', shadow_checks.created_at - shadow_checks.created_at % 3600000, 'edge', coalesce(decisions.model, ''), 'ok', '', count(*), sum(shadow_checks.agree)
FROM shadow_checks JOIN tasks ON tasks.id = shadow_checks.task_id LEFT JOIN decisions ON decisions.id = shadow_checks.decision_id GROUP BY 1, 2, 3, 4, 6
ON CONFLICT (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason) DO UPDATE SET
  shadow_checks = shadow_checks + excluded.shadow_checks,
  shadow_agreed = shadow_agreed + excluded.shadow_agreed;
--> statement-breakpoint
INSERT INTO decision_rollups (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason, requests, cost_usd, unpriced, large_only_cost_usd, large_only_unpriced, energy_wh, large_only_energy_wh, large_only_energy_unknown, input_tokens, output_tokens, latency_ms_sum, lat_0, lat_1, lat_2, lat_3, lat_4, lat_5, lat_6, lat_7, lat_8, lat_9, lat_10, lat_11, lat_12, lat_13)
SELECT project_id, coalesce(task_id, ''), 'day', created_at - created_at % 86400000, coalesce(tier, ''), coalesce(model, ''), status, coalesce(fallback_reason, ''), count(*), sum(iif((cost_usd IS NULL OR cost_known = 0), 0, cost_usd)), sum((cost_usd IS NULL OR cost_known = 0)), sum(coalesce(large_only_cost_usd, 0)), sum((large_only_cost_usd IS NULL)), sum(energy_wh), sum(coalesce(large_only_energy_wh, 0)), sum((large_only_energy_wh IS NULL)), sum(input_tokens), sum(output_tokens), sum(latency_ms), sum((latency_ms < 1)), sum((latency_ms >= 1 AND latency_ms < 2)), sum((latency_ms >= 2 AND latency_ms < 5)), sum((latency_ms >= 5 AND latency_ms < 10)), sum((latency_ms >= 10 AND latency_ms < 20)), sum((latency_ms >= 20 AND latency_ms < 50)), sum((latency_ms >= 50 AND latency_ms < 100)), sum((latency_ms >= 100 AND latency_ms < 200)), sum((latency_ms >= 200 AND latency_ms < 500)), sum((latency_ms >= 500 AND latency_ms < 1000)), sum((latency_ms >= 1000 AND latency_ms < 2000)), sum((latency_ms >= 2000 AND latency_ms < 5000)), sum((latency_ms >= 5000 AND latency_ms < 10000)), sum((latency_ms >= 10000))
FROM decisions GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO decision_rollups (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason, shadow_checks, shadow_agreed)
SELECT tasks.project_id, shadow_checks.task_id, 'day', shadow_checks.created_at - shadow_checks.created_at % 86400000, 'edge', coalesce(decisions.model, ''), 'ok', '', count(*), sum(shadow_checks.agree)
FROM shadow_checks JOIN tasks ON tasks.id = shadow_checks.task_id LEFT JOIN decisions ON decisions.id = shadow_checks.decision_id GROUP BY 1, 2, 3, 4, 6
ON CONFLICT (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason) DO UPDATE SET
  shadow_checks = shadow_checks + excluded.shadow_checks,
  shadow_agreed = shadow_agreed + excluded.shadow_agreed;
--> statement-breakpoint
CREATE TRIGGER `decisions_rollup` AFTER INSERT ON `decisions`
BEGIN
  INSERT INTO decision_rollups (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason, requests, cost_usd, unpriced, large_only_cost_usd, large_only_unpriced, energy_wh, large_only_energy_wh, large_only_energy_unknown, input_tokens, output_tokens, latency_ms_sum, lat_0, lat_1, lat_2, lat_3, lat_4, lat_5, lat_6, lat_7, lat_8, lat_9, lat_10, lat_11, lat_12, lat_13)
  VALUES (NEW.project_id, coalesce(NEW.task_id, ''), 'hour', NEW.created_at - NEW.created_at % 3600000, coalesce(NEW.tier, ''), coalesce(NEW.model, ''), NEW.status, coalesce(NEW.fallback_reason, ''), 1, iif((NEW.cost_usd IS NULL OR NEW.cost_known = 0), 0, NEW.cost_usd), (NEW.cost_usd IS NULL OR NEW.cost_known = 0), coalesce(NEW.large_only_cost_usd, 0), (NEW.large_only_cost_usd IS NULL), NEW.energy_wh, coalesce(NEW.large_only_energy_wh, 0), (NEW.large_only_energy_wh IS NULL), NEW.input_tokens, NEW.output_tokens, NEW.latency_ms, (NEW.latency_ms < 1), (NEW.latency_ms >= 1 AND NEW.latency_ms < 2), (NEW.latency_ms >= 2 AND NEW.latency_ms < 5), (NEW.latency_ms >= 5 AND NEW.latency_ms < 10), (NEW.latency_ms >= 10 AND NEW.latency_ms < 20), (NEW.latency_ms >= 20 AND NEW.latency_ms < 50), (NEW.latency_ms >= 50 AND NEW.latency_ms < 100), (NEW.latency_ms >= 100 AND NEW.latency_ms < 200), (NEW.latency_ms >= 200 AND NEW.latency_ms < 500), (NEW.latency_ms >= 500 AND NEW.latency_ms < 1000), (NEW.latency_ms >= 1000 AND NEW.latency_ms < 2000), (NEW.latency_ms >= 2000 AND NEW.latency_ms < 5000), (NEW.latency_ms >= 5000 AND NEW.latency_ms < 10000), (NEW.latency_ms >= 10000))
  ON CONFLICT (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason) DO UPDATE SET
    requests = requests + excluded.requests,
    cost_usd = cost_usd + excluded.cost_usd,
    unpriced = unpriced + excluded.unpriced,
    large_only_cost_usd = large_only_cost_usd + excluded.large_only_cost_usd,
    large_only_unpriced = large_only_unpriced + excluded.large_only_unpriced,
    energy_wh = energy_wh + excluded.energy_wh,
    large_only_energy_wh = large_only_energy_wh + excluded.large_only_energy_wh,
    large_only_energy_unknown = large_only_energy_unknown + excluded.large_only_energy_unknown,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum,
    lat_0 = lat_0 + excluded.lat_0,
    lat_1 = lat_1 + excluded.lat_1,
    lat_2 = lat_2 + excluded.lat_2,
    lat_3 = lat_3 + excluded.lat_3,
    lat_4 = lat_4 + excluded.lat_4,
    lat_5 = lat_5 + excluded.lat_5,
    lat_6 = lat_6 + excluded.lat_6,
    lat_7 = lat_7 + excluded.lat_7,
    lat_8 = lat_8 + excluded.lat_8,
    lat_9 = lat_9 + excluded.lat_9,
    lat_10 = lat_10 + excluded.lat_10,
    lat_11 = lat_11 + excluded.lat_11,
    lat_12 = lat_12 + excluded.lat_12,
    lat_13 = lat_13 + excluded.lat_13;
  INSERT INTO decision_rollups (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason, requests, cost_usd, unpriced, large_only_cost_usd, large_only_unpriced, energy_wh, large_only_energy_wh, large_only_energy_unknown, input_tokens, output_tokens, latency_ms_sum, lat_0, lat_1, lat_2, lat_3, lat_4, lat_5, lat_6, lat_7, lat_8, lat_9, lat_10, lat_11, lat_12, lat_13)
  VALUES (NEW.project_id, coalesce(NEW.task_id, ''), 'day', NEW.created_at - NEW.created_at % 86400000, coalesce(NEW.tier, ''), coalesce(NEW.model, ''), NEW.status, coalesce(NEW.fallback_reason, ''), 1, iif((NEW.cost_usd IS NULL OR NEW.cost_known = 0), 0, NEW.cost_usd), (NEW.cost_usd IS NULL OR NEW.cost_known = 0), coalesce(NEW.large_only_cost_usd, 0), (NEW.large_only_cost_usd IS NULL), NEW.energy_wh, coalesce(NEW.large_only_energy_wh, 0), (NEW.large_only_energy_wh IS NULL), NEW.input_tokens, NEW.output_tokens, NEW.latency_ms, (NEW.latency_ms < 1), (NEW.latency_ms >= 1 AND NEW.latency_ms < 2), (NEW.latency_ms >= 2 AND NEW.latency_ms < 5), (NEW.latency_ms >= 5 AND NEW.latency_ms < 10), (NEW.latency_ms >= 10 AND NEW.latency_ms < 20), (NEW.latency_ms >= 20 AND NEW.latency_ms < 50), (NEW.latency_ms >= 50 AND NEW.latency_ms < 100), (NEW.latency_ms >= 100 AND NEW.latency_ms < 200), (NEW.latency_ms >= 200 AND NEW.latency_ms < 500), (NEW.latency_ms >= 500 AND NEW.latency_ms < 1000), (NEW.latency_ms >= 1000 AND NEW.latency_ms < 2000), (NEW.latency_ms >= 2000 AND NEW.latency_ms < 5000), (NEW.latency_ms >= 5000 AND NEW.latency_ms < 10000), (NEW.latency_ms >= 10000))
  ON CONFLICT (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason) DO UPDATE SET
    requests = requests + excluded.requests,
    cost_usd = cost_usd + excluded.cost_usd,
    unpriced = unpriced + excluded.unpriced,
    large_only_cost_usd = large_only_cost_usd + excluded.large_only_cost_usd,
    large_only_unpriced = large_only_unpriced + excluded.large_only_unpriced,
    energy_wh = energy_wh + excluded.energy_wh,
    large_only_energy_wh = large_only_energy_wh + excluded.large_only_energy_wh,
    large_only_energy_unknown = large_only_energy_unknown + excluded.large_only_energy_unknown,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum,
    lat_0 = lat_0 + excluded.lat_0,
    lat_1 = lat_1 + excluded.lat_1,
    lat_2 = lat_2 + excluded.lat_2,
    lat_3 = lat_3 + excluded.lat_3,
    lat_4 = lat_4 + excluded.lat_4,
    lat_5 = lat_5 + excluded.lat_5,
    lat_6 = lat_6 + excluded.lat_6,
    lat_7 = lat_7 + excluded.lat_7,
    lat_8 = lat_8 + excluded.lat_8,
    lat_9 = lat_9 + excluded.lat_9,
    lat_10 = lat_10 + excluded.lat_10,
    lat_11 = lat_11 + excluded.lat_11,
    lat_12 = lat_12 + excluded.lat_12,
    lat_13 = lat_13 + excluded.lat_13;
END;
--> statement-breakpoint
CREATE TRIGGER `shadow_checks_rollup` AFTER INSERT ON `shadow_checks`
BEGIN
  INSERT INTO decision_rollups (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason, shadow_checks, shadow_agreed)
  SELECT tasks.project_id, NEW.task_id, 'hour', NEW.created_at - NEW.created_at % 3600000, 'edge', coalesce((SELECT model FROM decisions WHERE id = NEW.decision_id), ''), 'ok', '', 1, NEW.agree
  FROM tasks WHERE tasks.id = NEW.task_id
  ON CONFLICT (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason) DO UPDATE SET
    shadow_checks = shadow_checks + 1,
    shadow_agreed = shadow_agreed + excluded.shadow_agreed;
  INSERT INTO decision_rollups (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason, shadow_checks, shadow_agreed)
  SELECT tasks.project_id, NEW.task_id, 'day', NEW.created_at - NEW.created_at % 86400000, 'edge', coalesce((SELECT model FROM decisions WHERE id = NEW.decision_id), ''), 'ok', '', 1, NEW.agree
  FROM tasks WHERE tasks.id = NEW.task_id
  ON CONFLICT (project_id, task_id, bucket, bucket_start, tier, model, status, fallback_reason) DO UPDATE SET
    shadow_checks = shadow_checks + 1,
    shadow_agreed = shadow_agreed + excluded.shadow_agreed;
END;
