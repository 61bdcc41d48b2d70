-- rules.md 1: every DUO-known person of $peildatum, recomputed from the sources, has exactly one
-- outcome: a row in duo_selectie, an exclusion with a reason, or a quarantaine row of this step.
WITH duo_bekend AS (
    SELECT bsn FROM duo_diplomas WHERE peildatum = $peildatum
    UNION
    SELECT bsn FROM duo_inschrijvingen WHERE peildatum = $peildatum
),
uitkomsten AS (
    SELECT bsn, 'geselecteerd' AS uitkomst FROM duo_selectie WHERE peildatum = $peildatum
    UNION ALL
    SELECT bsn, 'uitgesloten' FROM duo_beoordeling
    WHERE peildatum = $peildatum AND uitkomst = 'uitgesloten' AND reden IS NOT NULL
    UNION ALL
    SELECT bsn, 'quarantaine' FROM quarantaine
    WHERE peildatum = $peildatum AND bestand = 'duo_selectie' AND reden IS NOT NULL
),
per_persoon AS (
    SELECT bsn, count(*) AS uitkomsten FROM uitkomsten GROUP BY bsn
),
naast_elkaar AS (
    SELECT b.bekend, u.uitkomsten
    FROM (SELECT bsn, true AS bekend FROM duo_bekend) AS b
    FULL JOIN per_persoon AS u ON u.bsn IS NOT DISTINCT FROM b.bsn
)
SELECT
    count(*) FILTER (WHERE bekend) AS duo_bekend,
    (SELECT count(*) FROM uitkomsten WHERE uitkomst = 'geselecteerd') AS geselecteerd,
    (SELECT count(*) FROM uitkomsten WHERE uitkomst = 'uitgesloten') AS uitgesloten,
    (SELECT count(*) FROM uitkomsten WHERE uitkomst = 'quarantaine') AS quarantaine,
    count(*) FILTER (WHERE bekend AND uitkomsten IS NULL) AS zonder_uitkomst,
    count(*) FILTER (WHERE bekend AND uitkomsten > 1) AS meerdere_uitkomsten,
    count(*) FILTER (WHERE bekend IS NOT TRUE) AS niet_duo_bekend
FROM naast_elkaar
