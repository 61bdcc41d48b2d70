-- rules.md 1: every DUO-known person of $peildatum, recomputed from the sources, has exactly one
-- outcome: a row in duo_selectie, an exclusion with a reason, or a quarantaine row of this step; those whom no rule
-- of the month can need are excluded by count (buiten_doelgroep), and their number is recomputed here.
-- Persons are matched by BSN. An objector erased earlier has no source rows any more: their kept row
-- of persoon_toestand (bsn NULL) makes them DUO-known; with the BSN gone (and the jib_id too for
-- someone not of target age), erased persons are reconciled by count: as many outcomes without a BSN
-- as erased rows. A rerun of the month re-ingests the landed files, so an objector's source rows can
-- be back until the run's erasure: persoon_toestand keeps the stored row for them, and here such a BSN
-- is that erased person, recognised by the jib_id. jib_id() (keyed UDF) is computed only for source
-- BSNs without a row of duo_beoordeling: normally none.
WITH alle_bron AS (
    SELECT bsn FROM duo_diplomas WHERE peildatum = $peildatum
    UNION
    SELECT bsn FROM duo_inschrijvingen WHERE peildatum = $peildatum
    UNION
    -- those whose DUO rows the ingest did not store (outside the target group): ingest.csv_source.doelgroep
    SELECT bsn FROM duo_buiten WHERE peildatum = $peildatum AND bsn IS NOT NULL
),
-- Whom no rule of the month can need (the macro buiten_doelgroep, recomputed here from the BRP delivery): counted
-- by the step in buiten_doelgroep, not given a row; their count must be that table's.
buiten AS (
    SELECT a.bsn
    FROM alle_bron AS a
    JOIN (SELECT bsn, count(*) AS brp_records, any_value(geboortedatum) AS geboortedatum
          FROM brp_personen WHERE peildatum = $peildatum GROUP BY bsn) AS p ON p.bsn = a.bsn
    WHERE buiten_doelgroep(p.brp_records, p.geboortedatum, $peildatum, $vorige)
),
bron AS (
    SELECT bsn FROM alle_bron WHERE bsn NOT IN (SELECT bsn FROM buiten)
),
gewist AS (
    SELECT jib_id FROM persoon_toestand WHERE peildatum = $peildatum AND bsn IS NULL
),
zonder_rij AS (
    SELECT bsn FROM bron
    WHERE bsn NOT IN (SELECT bsn FROM duo_beoordeling WHERE peildatum = $peildatum AND bsn IS NOT NULL)
),
weer_geleverd AS (
    SELECT z.bsn FROM zonder_rij AS z JOIN gewist AS g ON g.jib_id = jib_id(z.bsn)
),
duo_bekend AS (
    SELECT bsn AS sleutel FROM bron WHERE bsn NOT IN (SELECT bsn FROM weer_geleverd)
),
uitkomsten AS (
    SELECT bsn AS sleutel, 'geselecteerd' AS uitkomst FROM duo_selectie WHERE peildatum = $peildatum
    UNION ALL
    SELECT bsn, 'uitgesloten' FROM duo_beoordeling
    WHERE peildatum = $peildatum AND uitkomst = 'uitgesloten' AND reden IS NOT NULL
    UNION ALL
    SELECT bsn, 'quarantaine' FROM quarantaine
    WHERE peildatum = $peildatum AND bestand = 'duo_selectie' AND reden IS NOT NULL
),
per_persoon AS (
    SELECT sleutel, count(*) AS uitkomsten FROM uitkomsten WHERE sleutel IS NOT NULL GROUP BY sleutel
),
naast_elkaar AS (
    SELECT b.bekend, u.uitkomsten
    FROM (SELECT sleutel, true AS bekend FROM duo_bekend) AS b
    FULL JOIN per_persoon AS u ON u.sleutel = b.sleutel
),
gewist_tellingen AS (
    SELECT
        (SELECT count(*) FROM gewist) AS gewist,
        (SELECT count(*) FROM uitkomsten WHERE sleutel IS NULL) AS uitkomsten_gewist
),
per_bsn AS (
    SELECT
        count(*) FILTER (WHERE bekend) AS duo_bekend,
        count(*) FILTER (WHERE bekend AND uitkomsten IS NULL) AS zonder_uitkomst,
        count(*) FILTER (WHERE bekend AND uitkomsten > 1) AS meerdere_uitkomsten,
        count(*) FILTER (WHERE bekend IS NOT TRUE) AS niet_duo_bekend
    FROM naast_elkaar
)
SELECT
    b.duo_bekend + g.gewist + (SELECT count(*) FROM buiten) AS duo_bekend,
    (SELECT count(*) FROM uitkomsten WHERE uitkomst = 'geselecteerd') AS geselecteerd,
    (SELECT count(*) FROM uitkomsten WHERE uitkomst = 'uitgesloten')
        + (SELECT coalesce(sum(personen), 0) FROM buiten_doelgroep WHERE peildatum = $peildatum) AS uitgesloten,
    (SELECT count(*) FROM uitkomsten WHERE uitkomst = 'quarantaine') AS quarantaine,
    b.zonder_uitkomst + greatest(g.gewist - g.uitkomsten_gewist, 0) AS zonder_uitkomst,
    b.meerdere_uitkomsten + greatest(g.uitkomsten_gewist - g.gewist, 0) AS meerdere_uitkomsten,
    b.niet_duo_bekend,
    (SELECT count(*) FROM buiten) AS buiten_doelgroep
FROM per_bsn AS b, gewist_tellingen AS g
