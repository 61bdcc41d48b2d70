-- Check (rules.md 3, opt-out): one row per jib_id in bezwaar_register, with its first month; counts the
-- jib_ids with more than one row.
SELECT count(*) FROM (SELECT jib_id FROM bezwaar_register GROUP BY jib_id HAVING count(*) > 1)
