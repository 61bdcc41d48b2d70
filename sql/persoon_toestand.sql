-- Each DUO-known person's state on $peildatum (P), computed once, for everyone a rule can need (the others are
-- counted in buiten_doelgroep): every condition of rules.md 1 and 2 and the facts rules.md 3 and 4 read.
-- Selection (duo_beoordeling), enrichment (ib_verrijking), filtering (gemeente_filter) and the uitstroom
-- reason all read this table; none of them evaluates a source table again. The persons, their DUO facts and their
-- BRP record are the temp table persoon_basis (sql/persoon_basis.sql), which buiten_doelgroep.sql counts the others
-- from. jib_id() is the keyed UDF of privacy.pseudonym, computed only for a person whose jib_id the temp table
-- persoon_bekende_ids (sql/persoon_bekende_ids.sql) does not hold; $vorige is the month before P.
-- Rows of objectors erased earlier (bsn NULL, jib_id kept) are not recomputed: their source rows are
-- gone, and the stored state is what keeps a rerun of P equal to the run before the erasure.
WITH
-- (An erased row without a jib_id, of someone not of target age on P or P-1, which releases before
-- buiten_doelgroep kept, matches nobody: a NULL here would make the NOT IN below drop every recomputed row.)
gewist AS (
    SELECT jib_id FROM persoon_toestand WHERE peildatum = $peildatum AND bsn IS NULL AND jib_id IS NOT NULL
),
-- rules.md 1.4: the woongemeente on P is that of the one address holding on P (none if zero or several).
adressen AS (
    SELECT bsn, count(*) AS adressen_op_peildatum, any_value(gemeentecode) AS gemeentecode
    FROM brp_adressen
    WHERE peildatum = $peildatum AND geldig_op(begindatum, einddatum, $peildatum)
    GROUP BY bsn
),
-- rules.md 2: income from work = every polis row of the income month together.
polis AS (
    SELECT bsn, sum(sv_loon) AS inkomen_werk, count(*) AS polisregels
    FROM uwv_polis
    WHERE peildatum = $peildatum AND maand = $inkomensmaand
    GROUP BY bsn
),
uitkeringen AS (
    SELECT bsn, string_agg(DISTINCT uitkering, ',' ORDER BY uitkering) AS soorten_uitkering
    FROM uwv_uitkeringen
    WHERE peildatum = $peildatum AND geldig_op(begindatum, einddatum, $peildatum)
    GROUP BY bsn
),
-- rules.md 3: a client period of the person's own woongemeente under one of the schemes, holding on P.
klanten AS (
    SELECT DISTINCT k.bsn, k.gemeentecode
    FROM gemeente_klanten AS k
    WHERE k.peildatum = $peildatum
      AND list_contains($bekend_regelingen::VARCHAR[], k.regeling)
      AND geldig_op(k.begindatum, k.einddatum, $peildatum)
),
kvk AS (
    SELECT DISTINCT bsn
    FROM kvk_inschrijvingen
    WHERE peildatum = $peildatum AND geldig_op(begindatum, einddatum, $peildatum)
),
toestand AS (
    SELECT
        d.bsn,
        -- The keyed pseudonym, only for whom a list can need it: the target age on P (selection) or on
        -- P-1 (someone leaving a list), or an unknown age. One HMAC per person new to that, so not for millions.
        CASE
            WHEN d.geboortedatum IS NULL
              OR doelgroepleeftijd(leeftijd_op(d.geboortedatum, $peildatum))
              OR doelgroepleeftijd(leeftijd_op(d.geboortedatum, $vorige))
            THEN coalesce(b.jib_id, jib_id(d.bsn))
        END AS jib_id,
        d.in_brp,
        d.brp_records,
        d.geboortedatum,
        leeftijd_op(d.geboortedatum, $peildatum) AS leeftijd,
        d.geslacht,
        d.overleden,
        d.vertrokken_buitenland,
        coalesce(a.adressen_op_peildatum, 0) AS adressen_op_peildatum,
        CASE WHEN a.adressen_op_peildatum = 1 THEN a.gemeentecode END AS woongemeente,
        coalesce(d.startkwalificatie, false) AS startkwalificatie,
        d.hoogste_diploma,
        d.datum_hoogste_diploma,
        coalesce(d.in_onderwijs, false) AS in_onderwijs,
        d.laatste_onderwijssoort,
        d.laatste_onderwijs_einddatum,
        coalesce(w.inkomen_werk, 0)::DECIMAL(14, 2) AS inkomen_werk,
        coalesce(w.polisregels, 0) > 0 AS in_bezit_van_werk,
        u.bsn IS NOT NULL AS uitkering,
        u.soorten_uitkering,
        k.bsn IS NOT NULL AS bekend,
        z.bsn IS NOT NULL AS zzp
    FROM persoon_basis AS d
    LEFT JOIN adressen AS a ON a.bsn = d.bsn
    LEFT JOIN polis AS w ON w.bsn = d.bsn
    LEFT JOIN uitkeringen AS u ON u.bsn = d.bsn
    LEFT JOIN klanten AS k ON k.bsn = d.bsn AND k.gemeentecode = a.gemeentecode AND a.adressen_op_peildatum = 1
    LEFT JOIN kvk AS z ON z.bsn = d.bsn
    LEFT JOIN persoon_bekende_ids AS b ON b.bsn = d.bsn
    -- Only whom a rule can need: someone no rule of P can select or let leave a list is counted in buiten_doelgroep
    -- (sql/buiten_doelgroep.sql), not kept here with a BSN, birth date, diplomas and income (national February:
    -- 843,509 of 3,555,119 DUO-known persons kept).
    WHERE NOT d.buiten
)
SELECT
    $peildatum::DATE AS peildatum,
    t.bsn,
    t.jib_id,
    t.in_brp,
    t.brp_records,
    t.geboortedatum,
    t.leeftijd,
    doelgroepleeftijd(t.leeftijd) AS doelgroepleeftijd,
    t.geslacht,
    t.overleden,
    t.vertrokken_buitenland,
    t.adressen_op_peildatum,
    t.woongemeente,
    t.startkwalificatie,
    t.hoogste_diploma,
    t.datum_hoogste_diploma,
    t.in_onderwijs,
    t.laatste_onderwijssoort,
    t.laatste_onderwijs_einddatum,
    $inkomensmaand::DATE AS inkomensmaand,
    t.inkomen_werk,
    t.in_bezit_van_werk,
    t.inkomen_werk = 0 AS nulinkomen,
    $inkomensgrens::DECIMAL(12, 2) AS inkomensgrens,
    -- rules.md 2: the threshold comparison, written once (strictly below keeps a youth on the list).
    t.inkomen_werk < $inkomensgrens::DECIMAL(12, 2) AS onder_inkomensgrens,
    t.uitkering,
    t.soorten_uitkering,
    t.bekend,
    t.zzp
FROM toestand AS t
WHERE t.jib_id IS NULL OR t.jib_id NOT IN (SELECT jib_id FROM gewist)
