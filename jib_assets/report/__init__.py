"""The region's quarterly monitoring report and the analysts' data dictionary, both read from the
published analysts' database (publish/analytics.duckdb), never from the restricted store."""

from jib_assets.report.html import complete_kwartalen, write_report, write_reports

__all__ = ["complete_kwartalen", "write_report", "write_reports"]
