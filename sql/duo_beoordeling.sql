-- rules.md 1: every DUO-known person of $peildatum with one uitkomst, read from persoon_toestand:
-- geselecteerd, uitgesloten (reden = the first failing condition, in the order of the uitstroom
-- reasons of rules.md 4; last, buiten_gebied: a woongemeente outside the deployment's area $gebied,
-- interfaces.md JIB_GEBIED) or quarantaine (reden = the person-level data problem).
-- duo_selectie and this step's quarantaine rows are read from it; nobody is dropped. The conditions
-- themselves are persoon_toestand's (join on peildatum and jib_id, or bsn for someone without the target
-- age): repeated here, they were 15% of a national warehouse's file, written and rewritten every month.
WITH beoordeeld AS (
    SELECT
        t.peildatum,
        t.bsn,
        t.jib_id,
        CASE
            -- Without one BRP record with a birth date the age on P cannot be known: always quarantined.
            -- (leeftijd, not geboortedatum: an objector's erased row keeps its age, not its birth date.)
            WHEN NOT t.in_brp THEN 'geen BRP-record'
            WHEN t.brp_records > 1 THEN 'meerdere BRP-records'
            WHEN t.leeftijd IS NULL THEN 'geen geboortedatum'
            WHEN t.overleden THEN 'overleden'
            WHEN t.vertrokken_buitenland THEN 'vertrokken_buitenland'
            WHEN NOT t.doelgroepleeftijd THEN 'leeftijd'
            WHEN t.startkwalificatie THEN 'startkwalificatie'
            WHEN t.in_onderwijs THEN 'onderwijs'
            -- Only someone who meets every other condition is quarantined for the address.
            WHEN t.adressen_op_peildatum = 0 THEN 'geen adres op peildatum'
            WHEN t.adressen_op_peildatum > 1 THEN 'meerdere adressen op peildatum'
            -- $gebied NULL: no area given (every gemeente)
            WHEN NOT coalesce(list_contains($gebied::VARCHAR[], t.woongemeente), true) THEN 'buiten_gebied'
        END AS reden
    FROM persoon_toestand AS t
    WHERE t.peildatum = $peildatum
)
SELECT
    peildatum,
    bsn,
    jib_id,
    CASE
        WHEN reden IS NULL THEN 'geselecteerd'
        WHEN list_contains($uitsluitingsredenen::VARCHAR[], reden) THEN 'uitgesloten'
        ELSE 'quarantaine'
    END AS uitkomst,
    reden
FROM beoordeeld
