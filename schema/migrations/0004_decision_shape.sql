ALTER TABLE `decisions` ADD `fallback_to` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `fallback_error` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `error_code` text;--> statement-breakpoint
-- Rows written before: the tier fallen back to, and its error, are the last tier tried.
UPDATE `decisions` SET `fallback_to` = CASE WHEN `fallback_outcome` = 'answered' THEN `tier` ELSE json_extract(`tiers`, '$[#-1].tier') END,
  `fallback_error` = CASE WHEN `fallback_outcome` = 'answered' THEN NULL ELSE json(json_extract(`tiers`, '$[#-1].error')) END
  WHERE `fallback_reason` IS NOT NULL;--> statement-breakpoint
-- `error` held "code: message"; the code now has its own column.
UPDATE `decisions` SET `error_code` = substr(`error`, 1, instr(`error`, ': ') - 1), `error` = substr(`error`, instr(`error`, ': ') + 2)
  WHERE `error` IS NOT NULL AND instr(`error`, ': ') > 0;
