-- The CSV conventions and row rules of sources.md, as macros the ingest queries are built from.
-- v is a field as delivered (NULL when empty), t the value typed from it (NULL when it could not be).
-- A *_reden macro returns the reason a row goes to quarantaine, or NULL when the field is fine;
-- reasons name the column and the problem, never the value (except a gemeentecode, which is a code).

-- The fields of one physical line: ';'-separated; a field may be quoted with '"', quotes inside doubled.
-- NULL when the quotes do not close or stand inside an unquoted field.
CREATE OR REPLACE TEMP MACRO ingest_velden(line) AS CASE
    WHEN NOT contains(line, '"') THEN string_split(line, ';')
    WHEN regexp_full_match(';' || line, '(;("([^"]|"")*"|[^;"]*))+') THEN list_transform(
        regexp_extract_all(';' || line, ';("(?:[^"]|"")*"|[^;"]*)', 1),
        lambda v: CASE WHEN starts_with(v, '"') THEN replace(v[2:-2], '""', '"') ELSE v END)
    END;

-- GLOB, not a regular expression, for the fixed shapes: twice as fast on a national polis file.
CREATE OR REPLACE TEMP MACRO ingest_is_datum(v) AS v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';
CREATE OR REPLACE TEMP MACRO ingest_is_maand(v) AS v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]';

CREATE OR REPLACE TEMP MACRO ingest_datum(v) AS CASE WHEN ingest_is_datum(v) THEN TRY_CAST(v AS DATE) END;

CREATE OR REPLACE TEMP MACRO ingest_maand(v) AS CASE WHEN ingest_is_maand(v) THEN TRY_CAST(v || '-01' AS DATE) END;

-- Decimal comma, no thousands separator, at most two decimals: '1234,56' -> '1234.56' (cast by the caller).
CREATE OR REPLACE TEMP MACRO ingest_decimaal(v) AS
    CASE WHEN regexp_full_match(v, '-?[0-9]+(,[0-9]{1,2})?') THEN replace(v, ',', '.') END;

CREATE OR REPLACE TEMP MACRO ingest_geheel(v) AS
    CASE WHEN regexp_full_match(v, '[0-9]{1,9}') THEN TRY_CAST(v AS INTEGER) END;

-- Elfproef on the BSN as a number n (leading zeros are zero digits): 9*d1 + 8*d2 + ... + 2*d8 - d9 = 0 mod 11.
-- The sum is taken per group of three digits, from a list of each group's weighted sum for its 1,000 values
-- (DuckDB builds the lists once per query): 0.6 s against 1.1 s for nine digits taken apart, on 8 million
-- lines of a national polis file. For n from 0 to 999,999,999 (a larger n finds no list entry: NULL).
CREATE OR REPLACE TEMP MACRO ingest_elfproef(n) AS (
    list_transform(range(1000), lambda g: 9 * (g // 100) + 8 * (g // 10 % 10) + 7 * (g % 10))[n // 1000000 + 1]
    + list_transform(range(1000), lambda g: 6 * (g // 100) + 5 * (g // 10 % 10) + 4 * (g % 10))[n // 1000 % 1000 + 1]
    + list_transform(range(1000), lambda g: 3 * (g // 100) + 2 * (g // 10 % 10) - g % 10)[n % 1000 + 1]
) % 11 = 0;

-- n is v as a number, computed once by the caller: a macro repeats its argument's expression at every use.
CREATE OR REPLACE TEMP MACRO ingest_bsn_reden(kolom, v, n) AS CASE
    WHEN NOT v GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN kolom || ': niet 9 cijfers'
    WHEN NOT ingest_elfproef(n) THEN kolom || ': elfproef faalt'
    END;

CREATE OR REPLACE TEMP MACRO ingest_datum_reden(kolom, v, t) AS CASE
    WHEN v IS NULL OR t IS NOT NULL THEN NULL
    WHEN ingest_is_datum(v) THEN kolom || ': onmogelijke datum'
    ELSE kolom || ': geen datum JJJJ-MM-DD'
    END;

CREATE OR REPLACE TEMP MACRO ingest_maand_reden(kolom, v, t) AS CASE
    WHEN v IS NULL OR t IS NOT NULL THEN NULL
    WHEN ingest_is_maand(v) THEN kolom || ': onmogelijke maand'
    ELSE kolom || ': geen maand JJJJ-MM'
    END;

CREATE OR REPLACE TEMP MACRO ingest_bedrag_reden(kolom, v, t) AS CASE
    WHEN v IS NULL OR t >= 0 THEN NULL
    WHEN ingest_decimaal(v) IS NULL THEN kolom || ': geen getal met decimale komma (1234,56)'
    WHEN t IS NULL THEN kolom || ': te groot'
    WHEN t < 0 THEN kolom || ': negatief'
    END;

CREATE OR REPLACE TEMP MACRO ingest_geheel_reden(kolom, v, t) AS
    CASE WHEN v IS NOT NULL AND t IS NULL THEN kolom || ': geen geheel getal' END;

CREATE OR REPLACE TEMP MACRO ingest_waarde_reden(kolom, v, waarden) AS
    CASE WHEN NOT list_contains(waarden, v) THEN kolom || ': onbekende waarde' END;

CREATE OR REPLACE TEMP MACRO ingest_patroon_reden(kolom, v, patroon, uitleg) AS
    CASE WHEN NOT regexp_full_match(v, patroon) THEN kolom || ': ' || uitleg END;

-- A gemeentecode must be a municipality of the reference table `gemeenten`.
CREATE OR REPLACE TEMP MACRO ingest_gemeentecode_reden(kolom, v, patroon) AS CASE
    WHEN NOT regexp_full_match(v, patroon) THEN kolom || ': niet GM en 4 cijfers'
    WHEN v NOT IN (SELECT gemeentecode FROM gemeenten) THEN kolom || ': onbekend (' || v || ')'
    END;

-- Casemanager spreadsheets are kept by hand. A date is an Excel date (read as 'YYYY-MM-DD hh:mm:ss', or
-- as a day number when the cell lost its date format) or text DD-MM-YYYY or YYYY-MM-DD.
CREATE OR REPLACE TEMP MACRO ingest_cm_datum(v) AS CASE
    WHEN regexp_full_match(v, '[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?)?')
        THEN TRY_CAST(v[1:10] AS DATE)
    WHEN regexp_full_match(v, '[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}') THEN try_strptime(v, '%d-%m-%Y')::DATE
    WHEN regexp_full_match(v, '[0-9]{1,5}(\.[0-9]+)?') THEN DATE '1899-12-30' + TRY_CAST(floor(v::DOUBLE) AS INTEGER)
    END;

-- Dates outside 2000-2099 are typing slips (an hour count in a date column reads as January 1900).
CREATE OR REPLACE TEMP MACRO ingest_cm_datum_reden(kolom, v, t) AS CASE
    WHEN v IS NOT NULL AND (t IS NULL OR t NOT BETWEEN DATE '2000-01-01' AND DATE '2099-12-31')
        THEN kolom || ': geen datum (DD-MM-JJJJ, JJJJ-MM-DD of Excel-datum)'
    END;

-- v already trimmed and in lower case.
CREATE OR REPLACE TEMP MACRO ingest_cm_janee(v) AS CASE
    WHEN v IN ('ja', 'j') THEN true
    WHEN v IN ('nee', 'n') THEN false
    END;

CREATE OR REPLACE TEMP MACRO ingest_cm_janee_reden(kolom, v, t) AS
    CASE WHEN v IS NOT NULL AND t IS NULL THEN kolom || ': niet ja of nee' END;

-- A text field as delivered: no control characters (NUL, tab, line breaks, ...; they break files and
-- screens downstream) and not absurdly long (max_lengte characters, parameters.MAX_TEKST_LENGTE).
CREATE OR REPLACE TEMP MACRO ingest_tekst_reden(kolom, v, max_lengte) AS CASE
    WHEN regexp_matches(v, '\p{Cc}') THEN kolom || ': stuurteken'
    WHEN length(v) > max_lengte THEN kolom || ': langer dan ' || max_lengte || ' tekens'
    END;

-- A readable date outside the window of plausible dates (parameters.py): before van, or after tot (na
-- says what that means, e.g. 'na de peildatum'). t is the typed value; NULL passes.
CREATE OR REPLACE TEMP MACRO ingest_venster_reden(kolom, t, van, tot, na) AS CASE
    WHEN t < van THEN kolom || ': onaannemelijke datum (voor ' || strftime(van, '%Y-%m-%d') || ')'
    WHEN t > tot THEN kolom || ': onaannemelijke datum (' || na || ')'
    END;
