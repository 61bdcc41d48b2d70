-- rules.md 3: the JIB list of $peildatum, one row per person in their woongemeente (the list's
-- gemeentecode), with the one categorie of the first rule that applies: bezwaar (in bezwaar_register
-- from a month up to P), bekend (a client period of their own woongemeente, persoon_toestand.bekend),
-- zzp (a KvK period, persoon_toestand.zzp), benaderen. jib_id is the one stored in persoon_toestand.
SELECT
    l.peildatum,
    l.woongemeente AS gemeentecode,
    l.bsn,
    l.jib_id,
    CASE
        WHEN EXISTS (
            SELECT 1 FROM bezwaar_register AS b
            WHERE b.jib_id = l.jib_id AND b.peildatum_bezwaar <= $peildatum
        ) THEN 'bezwaar'
        WHEN t.bekend THEN 'bekend'
        WHEN t.zzp THEN 'zzp'
        ELSE 'benaderen'
    END AS categorie,
    l.geboortedatum,
    l.geslacht,
    l.leeftijd,
    l.hoogste_diploma,
    l.laatste_onderwijssoort,
    l.inkomen_werk
FROM ib_lijst AS l
JOIN persoon_toestand AS t ON t.peildatum = l.peildatum AND t.jib_id = l.jib_id
WHERE l.peildatum = $peildatum
