-- rules.md 1: the DUO-known persons of $peildatum for whom persoon_toestand keeps no row (the macro
-- buiten_doelgroep: one BRP record with a birth date, not of the target age on P nor on P-1), counted by the reason
-- duo_beoordeling gives anyone: the first condition of rules.md 1 they fail, in its order (overleden,
-- vertrokken_buitenland, leeftijd; the ones before those need no BRP record or several). Counts only: the
-- restricted store keeps no BSN of someone no rule of the month can select or let leave a list. The persons are
-- persoon_toestand.sql's (the DUO-known of P's snapshot, their BRP record of P's snapshot).
WITH duo_bekend AS (
    SELECT bsn FROM duo_diplomas WHERE peildatum = $peildatum
    UNION
    SELECT bsn FROM duo_inschrijvingen WHERE peildatum = $peildatum
),
personen AS (
    SELECT
        bsn,
        count(*) AS brp_records,
        any_value(geboortedatum) AS geboortedatum,
        coalesce(any_value(datum_overlijden) <= $peildatum, false) AS overleden,
        coalesce(any_value(datum_vertrek_buitenland) <= $peildatum, false) AS vertrokken_buitenland
    FROM brp_personen
    WHERE peildatum = $peildatum
    GROUP BY bsn
)
SELECT
    $peildatum::DATE AS peildatum,
    'uitgesloten' AS uitkomst,
    CASE WHEN p.overleden THEN 'overleden' WHEN p.vertrokken_buitenland THEN 'vertrokken_buitenland' ELSE 'leeftijd' END
        AS reden,
    count(*) AS personen
FROM duo_bekend AS d
JOIN personen AS p ON p.bsn = d.bsn
WHERE buiten_doelgroep(p.brp_records, p.geboortedatum, $peildatum, $vorige)
GROUP BY ALL
