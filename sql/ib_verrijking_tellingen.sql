-- rules.md 2: counts of the enrichment of $peildatum for the Dagster UI (no personal data).
SELECT
    count(*) AS geselecteerd,
    count(*) FILTER (WHERE op_lijst) AS op_lijst,
    count(*) FILTER (WHERE uitkering) AS niet_op_lijst_uitkering,
    count(*) FILTER (WHERE NOT uitkering AND NOT op_lijst) AS niet_op_lijst_werk,
    count(*) FILTER (WHERE op_lijst AND nulinkomen) AS op_lijst_nulinkomen,
    count(*) FILTER (WHERE op_lijst AND in_bezit_van_werk) AS op_lijst_in_bezit_van_werk,
    count(*) FILTER (WHERE in_bezit_van_werk) AS geselecteerd_in_bezit_van_werk,
    (SELECT count(*) FROM uwv_polis
     WHERE peildatum = $peildatum AND maand = (SELECT any_value(inkomensmaand) FROM persoon_toestand WHERE peildatum = $peildatum))
        AS polisregels_inkomensmaand
FROM ib_verrijking
WHERE peildatum = $peildatum
