-- regio_indeling of peildatum $peildatum: for every level published (rules.md 5, interfaces.md JIB_GEBIED)
-- which of the area's gemeenten ($gebied) it sums. A region only partly inside the area sums its gemeenten in
-- the area and is labelled (deels_in_gebied, and the word in regionaam); `nederland` only when the area is all
-- of the reference table. Sub-regions come from table subregios (the deployment's file), by membership on P.
WITH gebied AS (
    SELECT * FROM gemeenten WHERE list_contains($gebied, gemeentecode)
),
leden AS (
    SELECT gemeentecode, 'gemeente' AS niveau, gemeentecode AS regiocode, gemeentenaam AS naam FROM gemeenten
    UNION ALL
    SELECT gemeentecode, 'arbeidsmarktregio', arbeidsmarktregio_code, arbeidsmarktregio_naam FROM gemeenten
    UNION ALL
    SELECT gemeentecode, 'rmc_regio', rmc_regio_code, rmc_regio_naam FROM gemeenten
    UNION ALL
    SELECT gemeentecode, 'subregio', subregiocode, subregionaam FROM subregios
    WHERE geldig_op(begindatum, einddatum, $peildatum)
    UNION ALL
    SELECT gemeentecode, 'nederland', 'NL', 'Nederland' FROM gemeenten
    WHERE (SELECT count(*) FROM gebied) = (SELECT count(*) FROM gemeenten)
),
regios AS (
    SELECT
        niveau, regiocode,
        any_value(naam) AS naam,
        count(*) AS gemeenten_in_regio,
        count(*) FILTER (WHERE list_contains($gebied, gemeentecode)) < count(*) AS deels_in_gebied
    FROM leden
    GROUP BY niveau, regiocode
)
SELECT
    CAST($peildatum AS DATE) AS peildatum,
    l.niveau,
    l.regiocode,
    CASE WHEN r.deels_in_gebied THEN r.naam || ' (deels in gebied)' ELSE r.naam END AS regionaam,
    l.gemeentecode,
    r.gemeenten_in_regio,
    r.deels_in_gebied
FROM leden AS l
JOIN regios AS r USING (niveau, regiocode)
WHERE list_contains($gebied, l.gemeentecode)
