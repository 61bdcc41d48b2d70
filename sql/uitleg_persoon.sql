-- jib uitleg: one person's state on $peildatum with every fact rules.md 1-3 used, from the restricted
-- store's step tables (persoon_toestand, duo_beoordeling, ib_verrijking, gemeente_filter), and the client
-- schemes and KvK period that made them bekend or zzp (the month's snapshots). Found by $jib_id.
SELECT
    t.leeftijd, t.geboortedatum, t.doelgroepleeftijd, t.in_brp, t.brp_records, t.overleden, t.vertrokken_buitenland,
    t.adressen_op_peildatum, t.woongemeente, t.startkwalificatie, t.hoogste_diploma, t.datum_hoogste_diploma,
    t.in_onderwijs, t.laatste_onderwijssoort, t.laatste_onderwijs_einddatum, t.inkomensmaand, t.inkomen_werk,
    t.in_bezit_van_werk, t.nulinkomen, t.inkomensgrens, t.onder_inkomensgrens, t.uitkering, t.soorten_uitkering,
    t.bekend, t.zzp,
    d.uitkomst, d.reden,
    i.op_lijst,
    f.gemeentecode AS lijst_gemeente, f.categorie,
    (SELECT string_agg(DISTINCT k.regeling, ', ' ORDER BY k.regeling) FROM gemeente_klanten AS k
     WHERE k.peildatum = $peildatum AND k.bsn = t.bsn AND k.gemeentecode = t.woongemeente
       AND list_contains($bekend_regelingen::VARCHAR[], k.regeling)
       AND geldig_op(k.begindatum, k.einddatum, $peildatum)) AS regelingen,
    (SELECT min(z.begindatum) FROM kvk_inschrijvingen AS z
     WHERE z.peildatum = $peildatum AND z.bsn = t.bsn AND geldig_op(z.begindatum, z.einddatum, $peildatum)) AS kvk_sinds
FROM persoon_toestand AS t
LEFT JOIN duo_beoordeling AS d ON d.peildatum = t.peildatum AND d.jib_id = t.jib_id
LEFT JOIN ib_verrijking AS i ON i.peildatum = t.peildatum AND i.jib_id = t.jib_id
LEFT JOIN gemeente_filter AS f ON f.peildatum = t.peildatum AND f.jib_id = t.jib_id
WHERE t.peildatum = $peildatum AND t.jib_id = $jib_id
