-- GX frame `rijen` of gemeente_lijst: this month's rows, only columns that identify nobody.
SELECT gemeentecode, categorie, status, soort_instroom, reden_uitstroom, leeftijd, geslacht,
       date_diff('month', datum_instroom, peildatum) AS maanden_sinds_instroom
FROM gemeente_lijst WHERE peildatum = $peildatum
