-- GX frame `rijen` of monitoring: this month's rows, only columns that identify nobody.
SELECT niveau, regiocode, op_lijst, instroom, uitstroom,
       instroom_nieuw + instroom_terugkeer + instroom_verhuisd AS instroom_som_soorten,
       instroom_zzp + instroom_bekend + instroom_benaderen + instroom_bezwaar AS instroom_som_categorieen,
       uitstroom_overleden + uitstroom_vertrokken_buitenland + uitstroom_verhuisd + uitstroom_leeftijd
           + uitstroom_startkwalificatie + uitstroom_onderwijs + uitstroom_uitkering + uitstroom_werk
           + uitstroom_onbekend AS uitstroom_som_redenen,
       CASE WHEN niveau = 'nederland' THEN 1 ELSE 0 END AS is_nederland,
       mediaan_maanden_op_lijst_uitstroom
FROM monitoring_maand WHERE peildatum = $peildatum
