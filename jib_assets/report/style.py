"""The report's stylesheet: screen and A4 print, inline in the page (nothing is fetched)."""

CSS = """
:root{--blauw:#1f5fa8;--grijs:#5b6770}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;margin:0 auto;max-width:980px;padding:24px}
header{border-bottom:3px solid var(--blauw);margin-bottom:16px}
.bovenkop{color:var(--grijs);margin:0;text-transform:uppercase;letter-spacing:.05em;font-size:12px}
h1{margin:4px 0;font-size:28px}h1 span{color:var(--blauw)}
.meta{color:var(--grijs);font-size:12px}
nav ol{display:flex;flex-wrap:wrap;gap:4px 14px;padding:0;list-style:none;font-size:13px}
h2{border-bottom:1px solid #ccc;padding-bottom:2px;margin-top:28px;font-size:20px}
h3{font-size:15px;margin:14px 0 4px}
.uitleg{color:#333;max-width:760px}
.samenvatting{background:#eef3fa;border-left:5px solid var(--blauw);padding:10px 18px 6px;margin-top:8px}
.samenvatting h2{border:0;margin-top:4px}
.kaarten{display:flex;gap:10px;flex-wrap:wrap}
.kaart{background:#fff;border:1px solid #c9d6e8;padding:6px 12px;min-width:120px}
.kaart .kop{font-size:12px;color:var(--grijs)}.kaart .waarde{font-size:24px;font-weight:600}
.let-op{color:#8a4b00;font-weight:600}
table{border-collapse:collapse;margin:10px 0;font-size:12px;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{padding:3px 7px;border-bottom:1px solid #e3e3e3}
td{text-align:right}th[scope=row]{text-align:left;font-weight:normal}
thead th{font-weight:600;text-align:right;vertical-align:bottom}
td.onderdrukt,td.geen{color:#777}
tr.regio{font-weight:600;background:#f4f6f9}
svg.grafiek{max-width:100%;height:auto;display:block;margin:8px 0}
.gemeente{display:inline-block;vertical-align:top;width:48%;margin-right:1%}
table.klein{font-size:11px}
dt{font-weight:600}dd{margin:0 0 6px 16px}
@media print{
  @page{size:A4;margin:14mm 12mm}
  body{max-width:none;padding:0;font-size:10.5pt}
  nav{display:none}
  a{color:inherit;text-decoration:none}
  h2{break-after:avoid}
  section{break-inside:auto}
  table,svg.grafiek,.kaarten,.gemeente{break-inside:avoid}
  .samenvatting{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  #gemeenten,#per-gemeente,#toelichting{break-before:page}
}
"""
