-- For a warehouse made before keys were fingerprinted: of up to 200 list rows that still hold a BSN, how
-- many have the jib_id that the key on this connection (SQL function jib_id) gives. All should.
SELECT count(*) AS rijen, count(*) FILTER (WHERE jib_id(bsn) = jib_id) AS gelijk
FROM (
    SELECT bsn, jib_id FROM gemeente_lijst
    WHERE bsn IS NOT NULL AND jib_id IS NOT NULL
    ORDER BY peildatum DESC, bsn
    LIMIT 200
)
