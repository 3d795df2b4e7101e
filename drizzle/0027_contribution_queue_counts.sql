-- A bulk import's batch queues its inserted contributions grouped by key (identity, kind, repository, merge
-- flag, author and commit day) with their number, instead of one row each: fewer rows to write, delete and
-- fold when a batch holds several contributions of one person and day (GH Archive). Existing rows stand for one.
ALTER TABLE "contribution_rollup_queue" ADD COLUMN "n" integer DEFAULT 1 NOT NULL;
