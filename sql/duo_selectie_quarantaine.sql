-- rules.md 1, last paragraph: DUO persons set aside for a person-level data problem, with the reason.
SELECT
    peildatum,
    'duo_selectie' AS bestand,
    NULL::BIGINT AS regel,
    bsn,
    reden
FROM duo_beoordeling
WHERE peildatum = $peildatum AND uitkomst = 'quarantaine'
