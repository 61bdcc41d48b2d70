-- GX frame `rijen` of duo_selectie: this month's rows, only columns that identify nobody.
SELECT woongemeente, leeftijd, geslacht, hoogste_diploma,
       CAST($peildatum AS DATE) - laatste_onderwijs_einddatum AS dagen_sinds_onderwijs
FROM duo_selectie WHERE peildatum = $peildatum
