ALTER TABLE "evidence_items" ADD COLUMN IF NOT EXISTS "counted" jsonb;--> statement-breakpoint
-- Imported code-contribution counts stored before this column held their figures only in their English title,
-- "N contributions to owner/name (imported, YYYY-MM-DD – YYYY-MM-DD)": read them back from it.
UPDATE "evidence_items" AS e
SET "counted" = jsonb_build_object('repository', x.m[1], 'firstDay', x.m[2], 'lastDay', x.m[3])
FROM (
  SELECT id, regexp_match(title, '^\d+ contributions? to (.+) \(imported, (\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})\)$') AS m
  FROM "evidence_items"
  WHERE source = 'import' AND type = 'code_contribution' AND counted IS NULL
) AS x
WHERE e.id = x.id AND x.m IS NOT NULL;
