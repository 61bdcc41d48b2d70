-- GX frame `rijen` of ib_lijst: this month's rows, only columns that identify nobody.
SELECT woongemeente, leeftijd, CAST(inkomen_werk AS DOUBLE) AS inkomen_werk,
       in_bezit_van_werk, nulinkomen
FROM ib_lijst WHERE peildatum = $peildatum
