-- jib wat-als: the casemanager worklist's size of $peildatum per gemeente, real (warehouse) and variant.
SELECT coalesce(e.gemeentecode, v.gemeentecode) AS gemeentecode,
       coalesce(e.n, 0) AS werklijst, coalesce(v.n, 0) AS werklijst_variant
FROM (SELECT gemeentecode, count(*) AS n FROM wh.main.werklijst_casemanager WHERE peildatum = $peildatum GROUP BY ALL) AS e
FULL OUTER JOIN (SELECT gemeentecode, count(*) AS n FROM main.werklijst_casemanager WHERE peildatum = $peildatum GROUP BY ALL) AS v
    ON v.gemeentecode = e.gemeentecode
