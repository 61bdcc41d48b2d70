-- The jib_ids persoon_toestand already holds for the month before P ($vorige: retention keeps its states until the end
-- of P's run) and for P itself (a rerun), read by build_persoon_toestand into a temp table before P's rows are
-- replaced. The same key made them (privacy/sleutel.py; a rotation rewrites every stored one), so only a person new
-- to both needs an HMAC: national month 2 843,000 HMACs of Python -> a few thousand (this query 12.4-16.0 s -> 10.5-11.5
-- s); a rerun of national December, whose month before retention had removed, 844,682 -> none (the step 6.5-6.8 s
-- against 7.5-7.7 s, alternating). A month without either (the first) computes every one.
SELECT bsn, any_value(jib_id) AS jib_id
FROM persoon_toestand
WHERE peildatum IN ($vorige, $peildatum) AND bsn IS NOT NULL AND jib_id IS NOT NULL
GROUP BY bsn
