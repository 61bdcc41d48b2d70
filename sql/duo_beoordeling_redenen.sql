-- rules.md 1: how many DUO-known persons of $peildatum got each outcome and reason (counts only): duo_beoordeling's
-- persons and those buiten_doelgroep counts (no rule of the month can need them, so no row of theirs is kept).
SELECT uitkomst, reden, sum(personen)::BIGINT AS personen
FROM (
    SELECT uitkomst, reden, count(*) AS personen FROM duo_beoordeling WHERE peildatum = $peildatum GROUP BY ALL
    UNION ALL
    SELECT uitkomst, reden, personen FROM buiten_doelgroep WHERE peildatum = $peildatum
)
GROUP BY ALL
ORDER BY uitkomst, reden
