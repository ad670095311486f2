-- last_used_at is rewritten for every token in use, once per flush interval. Room left on each page lets PostgreSQL
-- update a row in place (a HOT update: no index is touched, since no index covers last_used_at) instead of writing
-- a new version elsewhere and updating all four indexes. Applies to pages written from now on; VACUUM FULL (or
-- pg_repack) rewrites existing ones.
alter table api_tokens set (fillfactor = 70);
