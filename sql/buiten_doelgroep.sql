-- rules.md 1: the DUO-known persons of $peildatum for whom persoon_toestand keeps no row (persoon_basis.sql's
-- buiten: one BRP record with a birth date, not of the target age on P nor on P-1), counted by the reason
-- duo_beoordeling gives anyone: the first condition of rules.md 1 they fail, in its order (overleden,
-- vertrokken_buitenland, leeftijd; the ones before those need no BRP record or several). Counts only: the
-- restricted store keeps no BSN of someone no rule of the month can select or let leave a list.
SELECT
    $peildatum::DATE AS peildatum,
    'uitgesloten' AS uitkomst,
    CASE WHEN overleden THEN 'overleden' WHEN vertrokken_buitenland THEN 'vertrokken_buitenland' ELSE 'leeftijd' END
        AS reden,
    count(*) AS personen
FROM persoon_basis
WHERE buiten
GROUP BY ALL
