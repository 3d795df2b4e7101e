-- Decision 23: contribution_days is append-only. A stored batch, or the fold of a bulk import's queue, appends
-- its grouped day deltas; a key may have several rows and every reader sums them. Upserting one day row per
-- contribution or so (a uniqueness check and a row lock each) was most of a bulk import's fold.
ALTER TABLE "contribution_days" DROP CONSTRAINT "contribution_days_pk";--> statement-breakpoint
-- INCLUDE ("count") written by hand (Drizzle cannot express it): the edge days of a window question are still
-- answered by an index-only scan, as from the primary key of migration 0018.
CREATE INDEX "contribution_days_key" ON "contribution_days" USING btree ("identity_id","date_basis","is_merge","day","kind","repository") INCLUDE ("count");
