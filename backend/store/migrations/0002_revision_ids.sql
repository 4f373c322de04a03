-- A global, ever-increasing id per revision: max(id) is the catalog's cheap "has anything
-- changed" token (count(*) scanned the table and could go down after a delete).
ALTER TABLE spec_revisions ADD COLUMN id bigserial UNIQUE;
