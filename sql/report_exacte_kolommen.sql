-- The report refuses a database with exact or personal data: tables of the restricted store, identifying columns.
SELECT count(*)
FROM duckdb_columns()
WHERE database_name = current_database()
  AND (table_name IN ('monitoring_feiten', 'gemeente_lijst') OR list_contains($verboden, column_name))
