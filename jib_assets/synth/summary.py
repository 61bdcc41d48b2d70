"""What a synth run produced, for the CLI's closing table and for tests: the expected list
per month and municipality (the generator's own answer to rules.md), files and bytes, defects."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True)
class GemeenteMonth:
    """The expected figures of one municipality in one month (rules.md steps 1-4, in the generator's world)."""

    maand: str
    gemeentecode: str
    gemeentenaam: str
    in_regio: bool
    duo_selectie: int  # step 1: aged 23-26, no startkwalificatie, not in education, resident here
    op_lijst: int  # step 2: ... and income below the threshold, no benefit: the expected list size
    instroom: int  # on this list, not on last month's list of this municipality (the whole list in month 1)
    uitstroom: int
    bekend: int
    zzp: int
    benaderen: int
    bezwaar: int
    werklijst: int  # instroom of categorie zzp or benaderen: the casemanager's worklist


@dataclass
class SynthSummary:
    region: str
    first: date
    last: date
    seed: int
    dirty: bool
    persons: int = 0  # simulated people (in the world; each month's delivery holds those in its birth years)
    gemeente_months: list[GemeenteMonth] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    defects: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    COLUMNS = ("maand", "gemeente", "selectie", "lijst", "instroom", "uitstroom", "bekend", "zzp", "benaderen",
               "bezwaar", "werklijst")

    def months(self) -> list[str]:
        return sorted({g.maand for g in self.gemeente_months})

    def expected(self, maand: str, gemeentecode: str | None = None) -> int:
        """The expected list size of a month, for one municipality or the whole region."""
        return sum(g.op_lijst for g in self.gemeente_months
                   if g.maand == maand and g.in_regio and (gemeentecode is None or g.gemeentecode == gemeentecode))

    def instroom(self, maand: str, gemeentecode: str | None = None) -> int:
        return sum(g.instroom for g in self.gemeente_months
                   if g.maand == maand and g.in_regio and (gemeentecode is None or g.gemeentecode == gemeentecode))

    def rows(self, per_gemeente: bool = True) -> list[tuple[str, ...]]:
        """Table rows (COLUMNS): per month the region's municipalities, a regional total, and movers outside it."""
        out: list[tuple[str, ...]] = []
        for maand in self.months():
            here = [g for g in self.gemeente_months if g.maand == maand]
            inside = sorted((g for g in here if g.in_regio), key=lambda g: g.gemeentecode)
            if per_gemeente and len(inside) > 1:
                out += [(maand, f"{g.gemeentecode} {g.gemeentenaam}", *_figures([g])) for g in inside]
            label = f"{self.region} totaal" if len(inside) > 1 else f"{inside[0].gemeentecode} {inside[0].gemeentenaam}"
            out.append((maand, label, *_figures(inside)))
            outside = [g for g in here if not g.in_regio]
            if outside:
                out.append((maand, "elders (verhuisd)", *_figures(outside)))
        return out

    def facts(self) -> list[tuple[str, str]]:
        facts = [
            ("regio", self.region),
            ("maanden", f"{self.first:%Y-%m} .. {self.last:%Y-%m}"),
            ("seed", str(self.seed)),
            ("personen gesimuleerd", f"{self.persons:,}"),
            ("bestanden", str(self.files)),
            ("bytes", f"{self.bytes:,}"),
            ("tijd (s)", f"{self.seconds:.1f}"),
        ]
        if self.dirty:
            facts += [(f"defect: {k}", str(v)) for k, v in sorted(self.defects.items())]
        return facts

    def table(self):
        """A rich Table of rows() with the facts as caption: what `jib synth` prints at the end.

        A section per month; figures are never cut short in a narrow terminal, headers wrap instead.
        """
        from rich import box
        from rich.table import Table

        per_gemeente = len({g.gemeentecode for g in self.gemeente_months if g.in_regio}) <= 12
        rows = self.rows(per_gemeente=per_gemeente)
        table = Table(title=f"jib synth {self.region}: verwachte JIB-lijst per maand", box=box.SIMPLE_HEAD,
                      pad_edge=False, caption="; ".join(f"{k}: {v}" for k, v in self.facts()))
        labels = [r[1].split(" ", 1)[1] if r[1].startswith("GM") else r[1] for r in rows]
        table.add_column("maand / gemeente", min_width=max(len(x) for x in [*labels, "2025-01"]), no_wrap=True)
        for i, column in enumerate(self.COLUMNS[2:], start=2):
            table.add_column(column, justify="right", min_width=max(len(r[i]) for r in rows), overflow="fold")
        month = None
        for row, label in zip(rows, labels, strict=True):
            if row[0] != month:
                if month is not None:
                    table.add_section()
                month = row[0]
                table.add_row(f"[bold]{month}[/bold]")
            total = label.endswith("totaal")
            table.add_row(*(f"[bold]{v}[/bold]" if total else v for v in (label, *row[2:])))
        return table

    def to_dict(self) -> dict:
        d = asdict(self)
        d["first"], d["last"] = self.first.isoformat(), self.last.isoformat()
        return d


def _figures(gs: list[GemeenteMonth]) -> tuple[str, ...]:
    fields = ("duo_selectie", "op_lijst", "instroom", "uitstroom", "bekend", "zzp", "benaderen", "bezwaar", "werklijst")
    return tuple(str(sum(getattr(g, f) for g in gs)) for f in fields)
