-- rules.md 1: every DUO-known person of the snapshot of $peildatum, each condition evaluated on P,
-- with one uitkomst: geselecteerd, uitgesloten (reden = the first failing condition, in the order
-- of the uitstroom reasons of rules.md 4) or quarantaine (reden = the person-level data problem).
-- duo_selectie and this step's quarantaine rows are read from it; nobody is dropped.
WITH duo_bekend AS (
    SELECT bsn FROM duo_diplomas WHERE peildatum = $peildatum
    UNION
    SELECT bsn FROM duo_inschrijvingen WHERE peildatum = $peildatum
),
diplomas AS (
    SELECT
        bsn,
        coalesce(bool_or(datum_diploma <= $peildatum AND list_contains($startkwalificatie_diplomas, diploma)), false)
            AS startkwalificatie,
        -- The last diploma by datum_diploma obtained on P; on the same date the higher level
        -- (ascending list below), then the name, so the pick is deterministic.
        arg_max(
            diploma,
            (datum_diploma,
             coalesce(list_position(['PRO', 'VSO', 'VMBO_BB', 'VMBO_KB', 'VMBO_GL', 'VMBO_TL', 'MBO1', 'MBO2',
                                     'MBO3', 'MBO4', 'HAVO', 'VWO', 'HBO_AD', 'HBO_BACHELOR', 'WO_BACHELOR',
                                     'HBO_MASTER', 'WO_MASTER'], diploma), 0),
             diploma)
        ) FILTER (WHERE datum_diploma <= $peildatum) AS hoogste_diploma
    FROM duo_diplomas
    WHERE peildatum = $peildatum
    GROUP BY bsn
),
inschrijvingen AS (
    SELECT
        bsn,
        coalesce(bool_or(geldig_op(begindatum, einddatum, $peildatum)), false) AS in_onderwijs,
        -- The last enrolment that ended before P, by einddatum; ties: the later begindatum, then the name.
        arg_max(onderwijssoort, (einddatum, begindatum, onderwijssoort)) FILTER (WHERE einddatum < $peildatum)
            AS laatste_onderwijssoort,
        max(einddatum) FILTER (WHERE einddatum < $peildatum) AS laatste_onderwijs_einddatum
    FROM duo_inschrijvingen
    WHERE peildatum = $peildatum
    GROUP BY bsn
),
personen AS (
    SELECT
        bsn,
        count(*) AS brp_records,
        any_value(geboortedatum) AS geboortedatum,
        any_value(geslacht) AS geslacht,
        coalesce(any_value(datum_overlijden) <= $peildatum, false) AS overleden,
        coalesce(any_value(datum_vertrek_buitenland) <= $peildatum, false) AS vertrokken_buitenland
    FROM brp_personen
    WHERE peildatum = $peildatum AND bsn IN (SELECT bsn FROM duo_bekend)
    GROUP BY bsn
),
adressen AS (
    SELECT bsn, count(*) AS adressen_op_peildatum, any_value(gemeentecode) AS gemeentecode
    FROM brp_adressen
    WHERE peildatum = $peildatum AND geldig_op(begindatum, einddatum, $peildatum) AND bsn IN (SELECT bsn FROM duo_bekend)
    GROUP BY bsn
),
beoordeeld AS (
    SELECT
        d.bsn,
        p.bsn IS NOT NULL AS in_brp,
        p.geboortedatum,
        leeftijd_op(p.geboortedatum, $peildatum) AS leeftijd,
        p.geslacht,
        p.overleden,
        p.vertrokken_buitenland,
        coalesce(dp.startkwalificatie, false) AS startkwalificatie,
        coalesce(i.in_onderwijs, false) AS in_onderwijs,
        coalesce(a.adressen_op_peildatum, 0) AS adressen_op_peildatum,
        CASE WHEN a.adressen_op_peildatum = 1 THEN a.gemeentecode END AS woongemeente,
        dp.hoogste_diploma,
        i.laatste_onderwijssoort,
        i.laatste_onderwijs_einddatum,
        CASE
            -- Without one BRP record with a birth date the age on P cannot be known: always quarantined.
            WHEN p.bsn IS NULL THEN 'geen BRP-record'
            WHEN p.brp_records > 1 THEN 'meerdere BRP-records'
            WHEN p.geboortedatum IS NULL THEN 'geen geboortedatum'
            WHEN p.overleden THEN 'overleden'
            WHEN p.vertrokken_buitenland THEN 'vertrokken_buitenland'
            WHEN leeftijd_op(p.geboortedatum, $peildatum) NOT BETWEEN 23 AND 26 THEN 'leeftijd'
            WHEN dp.startkwalificatie THEN 'startkwalificatie'
            WHEN i.in_onderwijs THEN 'onderwijs'
            -- Only someone who meets every other condition is quarantined for the address.
            WHEN coalesce(a.adressen_op_peildatum, 0) = 0 THEN 'geen adres op peildatum'
            WHEN a.adressen_op_peildatum > 1 THEN 'meerdere adressen op peildatum'
        END AS reden
    FROM duo_bekend AS d
    LEFT JOIN personen AS p ON p.bsn = d.bsn
    LEFT JOIN diplomas AS dp ON dp.bsn = d.bsn
    LEFT JOIN inschrijvingen AS i ON i.bsn = d.bsn
    LEFT JOIN adressen AS a ON a.bsn = d.bsn
)
SELECT
    $peildatum::DATE AS peildatum,
    bsn,
    CASE
        WHEN reden IS NULL THEN 'geselecteerd'
        WHEN reden IN ('overleden', 'vertrokken_buitenland', 'leeftijd', 'startkwalificatie', 'onderwijs')
            THEN 'uitgesloten'
        ELSE 'quarantaine'
    END AS uitkomst,
    reden,
    in_brp,
    geboortedatum,
    leeftijd,
    geslacht,
    overleden,
    vertrokken_buitenland,
    startkwalificatie,
    in_onderwijs,
    adressen_op_peildatum,
    woongemeente,
    hoogste_diploma,
    laatste_onderwijssoort,
    laatste_onderwijs_einddatum
FROM beoordeeld
