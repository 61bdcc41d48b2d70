-- Issue 13, the casemanager's loop: per youth on the worklist of $peildatum, without BSN, what this
-- gemeente's list knew of them before (months on it, when and why they last left) and what the casemanager
-- recorded then (card, reaction, home visit, consent: the latest row of the deliveries up to P, read from
-- temp view werklijst_registratie), and triage marks, each with its reason, never a score.
-- werklijst_parameters.lang_op_lijst: months in total on this gemeente's list from which a youth counts as long on it.
WITH w AS (
    SELECT l.gemeentecode, l.jib_id, l.soort_instroom, l.inkomen_werk, l.hoogste_diploma, l.laatste_onderwijssoort
    FROM werklijst_casemanager AS wl
    JOIN gemeente_lijst AS l
        ON l.peildatum = wl.peildatum AND l.gemeentecode = wl.gemeentecode AND l.jib_id = wl.jib_id
    WHERE wl.peildatum = $peildatum AND l.status = 'instroom'
),
eerder AS (
    SELECT
        h.gemeentecode, h.jib_id,
        count(*) FILTER (WHERE h.status <> 'uitstroom') AS eerder_maanden_op_lijst,
        max(h.peildatum) FILTER (WHERE h.status = 'uitstroom') AS eerder_uitstroom_maand,
        arg_max(h.reden_uitstroom, h.peildatum) FILTER (WHERE h.status = 'uitstroom') AS eerder_reden_uitstroom
    FROM gemeente_lijst AS h
    JOIN w ON w.gemeentecode = h.gemeentecode AND w.jib_id = h.jib_id
    WHERE h.peildatum < $peildatum
    GROUP BY ALL
),
kaart AS (
    SELECT
        r.gemeentecode, r.jib_id,
        arg_max(r.datum_kaartje, (r.peildatum, r.regel, r.bestand)) AS eerder_datum_kaartje,
        arg_max(r.reactie_kaartje, (r.peildatum, r.regel, r.bestand)) AS eerder_reactie_kaartje,
        arg_max(r.datum_huisbezoek, (r.peildatum, r.regel, r.bestand)) AS eerder_datum_huisbezoek,
        arg_max(r.toestemming, (r.peildatum, r.regel, r.bestand)) AS eerder_toestemming
    FROM werklijst_registratie AS r
    JOIN w ON w.gemeentecode = r.gemeentecode AND w.jib_id = r.jib_id
    WHERE r.peildatum <= $peildatum
    GROUP BY ALL
)
SELECT
    w.gemeentecode,
    w.jib_id,
    coalesce(e.eerder_maanden_op_lijst, 0) AS eerder_maanden_op_lijst,
    strftime(e.eerder_uitstroom_maand, '%Y-%m') AS eerder_uitstroom_maand,
    e.eerder_reden_uitstroom,
    k.eerder_datum_kaartje,
    k.eerder_reactie_kaartje,
    k.eerder_datum_huisbezoek,
    CASE k.eerder_toestemming WHEN true THEN 'ja' WHEN false THEN 'nee' END AS eerder_toestemming,
    nullif(concat_ws('; ',
        CASE WHEN w.inkomen_werk = 0 THEN 'geen inkomen: geen loon in de inkomensmaand' END,
        CASE WHEN w.hoogste_diploma IN ('PRO', 'VSO') THEN 'PRO/VSO: diploma ' || w.hoogste_diploma
             WHEN w.laatste_onderwijssoort IN ('PRO', 'VSO') THEN 'PRO/VSO: laatst gevolgd ' || w.laatste_onderwijssoort
        END,
        CASE WHEN coalesce(e.eerder_maanden_op_lijst, 0) + 1 >= (SELECT lang_op_lijst FROM werklijst_parameters)
             THEN 'lang op de lijst: ' || (coalesce(e.eerder_maanden_op_lijst, 0) + 1) || ' maanden in totaal' END,
        CASE WHEN w.soort_instroom = 'terugkeer'
             THEN 'terug na uitstroom in ' || strftime(e.eerder_uitstroom_maand, '%Y-%m')
                  || ' (' || coalesce(e.eerder_reden_uitstroom, 'onbekend') || ')' END
    ), '') AS signalen
FROM w
LEFT JOIN eerder AS e ON e.gemeentecode = w.gemeentecode AND e.jib_id = w.jib_id
LEFT JOIN kaart AS k ON k.gemeentecode = w.gemeentecode AND k.jib_id = w.jib_id
