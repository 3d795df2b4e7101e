ALTER TABLE "contribution_days" DROP CONSTRAINT "contribution_days_identity_id_day_kind_repository_is_merge_date_basis_pk";--> statement-breakpoint
ALTER TABLE "contribution_days" ADD CONSTRAINT "contribution_days_pk" PRIMARY KEY("identity_id","date_basis","is_merge","day","kind","repository") INCLUDE ("count");
-- INCLUDE ("count") above (written by hand; Drizzle cannot express it): the edge days of a window question are
-- answered by an index-only scan of the key, like the whole months from contribution_months_pk. Same columns
-- as before, so the ingest's ON CONFLICT (identity_id, day, kind, repository, is_merge, date_basis) still
-- infers this key.
