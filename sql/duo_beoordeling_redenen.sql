-- rules.md 1: how many DUO-known persons of $peildatum got each outcome and reason (counts only).
SELECT uitkomst, reden, count(*) AS personen
FROM duo_beoordeling
WHERE peildatum = $peildatum
GROUP BY ALL
ORDER BY uitkomst, reden
