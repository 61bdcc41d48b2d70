-- Key rotation: the BSNs of the delivered brp_personen.csv files ($bestanden, every landing month) whose
-- jib_id under the old key is one the warehouse could not map by itself (temp table rotatie_open), with
-- their jib_id under the new key. Read as text and set-based; a line that does not parse is skipped.
SELECT DISTINCT o.jib_id AS jib_id_oud, jib_id_nieuw(b.bsn) AS jib_id_nieuw
FROM (
    SELECT DISTINCT bsn
    FROM read_csv($bestanden, delim = ';', header = true, all_varchar = true, ignore_errors = true,
                  strict_mode = false, null_padding = true)
    WHERE regexp_full_match(bsn, '[0-9]{9}')
) AS b
JOIN rotatie_open AS o ON o.jib_id = jib_id_oud(b.bsn)
