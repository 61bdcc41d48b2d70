"""The casemanagers' own spreadsheets (`casemanager/*.xlsx`): what happened after a youth
came onto a worklist: the card, the reaction, the home visit, consent, the support
question, the outflow and the hours spent, with now and then an objection (bezwaar).

Each youth's whole contact history is drawn once, with a date for every event, when they
come onto the worklist of month M. The copy in the delivery of a later month shows the
events dated before its peildatum: the casemanager works during month M, so a youth of
the worklist of M first appears in the copy delivered in M+1 (the first month's folder
has no spreadsheets yet). Copies are cumulative and keep each cell's (untidy) form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import xlsxwriter

from jib_assets.privacy.pseudonym import jib_id
from jib_assets.synth import calendar as cal
from jib_assets.synth.formats import CASEMANAGER_COLUMNS, CASEMANAGER_SHEET
from jib_assets.synth.world import World

# Municipalities of at least this size have a casemanager of their own; smaller ones share one per region.
OWN_CASEMANAGER_INWONERS = 40_000
NO_EVENT = cal.NEVER

YES = ("ja", "Ja", "JA", "ja ", " ja", "j", "J", "Ja ")
YES_W = (0.45, 0.25, 0.04, 0.08, 0.03, 0.08, 0.04, 0.03)
NO = ("nee", "Nee", "NEE", "nee ", "n", "N", "Nee ")
NO_W = (0.48, 0.24, 0.04, 0.08, 0.08, 0.04, 0.04)
NONE_ = ("geen", "Geen", "geen ", "GEEN", "Geen ")
NONE_W = (0.6, 0.25, 0.07, 0.04, 0.04)
VRAGEN = ("werk", "opleiding", "zorg", "schulden", "huisvesting", "anders")
VRAGEN_W = (0.40, 0.24, 0.11, 0.11, 0.05, 0.09)
BESTEMMINGEN = ("opleiding", "werk", "uitkering", "verhuizing", "samenwonen", "dagbesteding", "vrijwilligerswerk",
                "afzien", "eigen_onderneming", "anders")
BESTEMMING_W = (0.22, 0.36, 0.09, 0.05, 0.03, 0.05, 0.04, 0.04, 0.04, 0.08)
REMARKS_NOT_HOME = ("2x niet thuis", "niet thuis, briefje achtergelaten", "niemand open gedaan",
                    "buren zeggen dat hij/zij er woont")
REMARKS_CONTACT = ("wil eerst rijbewijs halen", "doorverwezen naar schuldhulp", "belt zelf terug", "samen naar het leerwerkloket",
                   "afspraak bij uitzendbureau gemaakt", "zoekt zelf werk", "gesprek met moeder erbij", "heeft hulp bij de wijkteam",
                   "wil geen contact meer", "interesse in BBL-opleiding", "moet eerst schulden op orde")
REMARKS_REFUSED = ("wil niet benaderd worden", "geen interesse", "boos aan de telefoon", "kaartje retour gestuurd")


@dataclass
class Approaches:
    """One row per youth per time on a worklist; all event dates in days (NO_EVENT = not (yet) happened)."""

    columns: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def add(self, **cols: np.ndarray) -> None:
        for name, values in cols.items():
            self.columns.setdefault(name, []).append(values)

    def frame(self) -> dict[str, np.ndarray]:
        return {k: np.concatenate(v) for k, v in self.columns.items()} if self.columns else {}


def _variant(rng: np.random.Generator, options: tuple[str, ...], weights: tuple[float, ...], n: int) -> np.ndarray:
    return np.array(options)[rng.choice(len(options), size=n, p=np.array(weights) / sum(weights))]


def slug(name: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


class Casemanagers:
    """Draws each worklist youth's contact history and writes the monthly copies of the spreadsheets."""

    def __init__(self, world: World, key: bytes, rng: np.random.Generator) -> None:
        self.world, self.key, self.rng = world, key, rng
        g = world.geo.gemeenten
        inwoners = g["inwoners"].to_numpy()
        own = inwoners >= OWN_CASEMANAGER_INWONERS
        names = g["gemeentenaam"].to_numpy()
        amr_names = g["arbeidsmarktregio_naam"].to_numpy()
        self.sheet_of = np.array([
            f"jib_monitoring_{slug(names[i])}.xlsx" if own[i] else f"jib_monitoring_{slug(amr_names[i])}_overige_gemeenten.xlsx"
            for i in range(g.height)
        ])
        self.rows = Approaches()
        self.bezwaar_from = np.full(world.people.n, np.iinfo(np.int64).max, dtype=np.int64)
        self.file_style: dict[str, tuple[int, bool]] = {}

    def approach(self, month: int, persons: np.ndarray, gemeente: np.ndarray) -> None:
        """The worklist of `month`: draw what will happen to each youth on it."""
        rng, n = self.rng, persons.size
        if not n:
            return
        start = int(cal.month_start(month))
        card = start + rng.integers(2, 24, n)
        r = rng.random(n)
        reactie = np.where(r < 0.22, 1, np.where(r < 0.34, 2, 0))  # 1 ja, 2 nee, 0 geen
        reactie_date = np.where(reactie > 0, card + rng.integers(3, 20, n), card + 21)
        visits = (reactie != 2) & (rng.random(n) < np.where(reactie == 1, 0.92, 0.62))
        visit = np.where(visits, card + rng.integers(10, 55, n), NO_EVENT)
        bereikt = np.where(visits, (rng.random(n) < np.where(reactie == 1, 0.9, 0.6)).astype(np.int64), -1)
        toestemming = np.where(bereikt == 1, (rng.random(n) < 0.72).astype(np.int64), -1)
        consent_date = np.where(toestemming >= 0, visit + rng.integers(0, 10, n), NO_EVENT)
        vraag = np.where(toestemming == 1, _variant(rng, VRAGEN, VRAGEN_W, n), "")

        objects = ((reactie == 2) & (rng.random(n) < 0.2)) | ((toestemming == 0) & (rng.random(n) < 0.1))
        bezwaar_date = np.where(objects, np.where(reactie == 2, reactie_date, consent_date), NO_EVENT)
        says_no_bezwaar = ~objects & (toestemming >= 0) & (rng.random(n) < 0.3)

        leaves = (toestemming == 1) & (rng.random(n) < 0.55)
        out_date = np.where(leaves, consent_date + 14 + np.rint(rng.exponential(120, n)).astype(np.int64), NO_EVENT)
        bestemming = np.where(leaves, _variant(rng, BESTEMMINGEN, BESTEMMING_W, n), "")
        gives_up = objects | ((reactie == 2) & (rng.random(n) < 0.4))
        out_date = np.where(gives_up & (rng.random(n) < 0.7), np.where(objects, bezwaar_date, reactie_date), out_date)
        bestemming = np.where(gives_up & (out_date < NO_EVENT), "afzien", bestemming)

        remark = np.full(n, "", dtype=object)
        remark_date = np.full(n, NO_EVENT, dtype=np.int64)
        not_home = (bereikt == 0) & (rng.random(n) < 0.6)
        remark[not_home] = _variant(rng, REMARKS_NOT_HOME, (1,) * len(REMARKS_NOT_HOME), int(not_home.sum()))
        remark_date[not_home] = visit[not_home]
        talk = (toestemming == 1) & (rng.random(n) < 0.45)
        remark[talk] = _variant(rng, REMARKS_CONTACT, (1,) * len(REMARKS_CONTACT), int(talk.sum()))
        remark_date[talk] = consent_date[talk] + 7
        refused = objects | ((reactie == 2) & (rng.random(n) < 0.3))
        remark[refused] = _variant(rng, REMARKS_REFUSED, (1,) * len(REMARKS_REFUSED), int(refused.sum()))
        remark_date[refused] = np.where(reactie[refused] == 2, reactie_date[refused], consent_date[refused])

        sheet = self.sheet_of[gemeente]
        bsn = np.char.zfill(self.world.bsn[persons].astype(str), 9)
        self.rows.add(
            person=persons, gemeente=gemeente, month=np.full(n, month), sheet=sheet,
            jib_id=np.array([jib_id(self.key, b) for b in bsn]),
            order=rng.random(n),
            card=card, reactie=reactie, reactie_date=reactie_date, visit=visit, bereikt=bereikt,
            toestemming=toestemming, consent_date=consent_date, vraag=vraag, bezwaar_date=bezwaar_date,
            says_no_bezwaar=says_no_bezwaar, out_date=out_date, bestemming=bestemming,
            remark=remark.astype(str), remark_date=remark_date,
            visit_hours=rng.uniform(1.5, 3.5, n), monthly_hours=rng.uniform(1.0, 4.0, n),
            # How each cell is written stays the same in every later copy.
            yes_form=_variant(rng, YES, YES_W, n), no_form=_variant(rng, NO, NO_W, n),
            none_form=_variant(rng, NONE_, NONE_W, n), date_quirk=rng.random(n),
            hours_form=rng.choice(3, n, p=[0.6, 0.3, 0.1]),
            blank_after=rng.random(n) < 0.015,
        )
        # rules.md 3: answering the card "nee" is an objection too, from the delivery that shows it.
        opt_out = objects | ((reactie == 2) & (reactie_date < NO_EVENT))
        opt_out_date = np.where(objects, bezwaar_date, reactie_date)
        first_seen = cal.month_of(opt_out_date[opt_out]) + 1
        np.minimum.at(self.bezwaar_from, persons[opt_out], first_seen)

    def write(self, folder: Path, month: int) -> list[Path]:
        """This month's copy of every spreadsheet: rows of the worklists before `month`, events before its peildatum."""
        (folder / "casemanager").mkdir(parents=True, exist_ok=True)
        rows = self.rows.frame()
        if not rows:
            return []
        shown = rows["month"] < month
        cutoff = int(cal.month_start(month))
        written = []
        for sheet in sorted(set(rows["sheet"][shown].tolist())):
            sel = np.flatnonzero(shown & (rows["sheet"] == sheet))
            sel = sel[np.lexsort((rows["order"][sel], rows["gemeente"][sel], rows["month"][sel]))]
            path = folder / "casemanager" / sheet
            self._write_sheet(path, {k: v[sel] for k, v in rows.items()}, cutoff, sheet)
            written.append(path)
        return written

    def _style(self, sheet: str) -> tuple[int, bool]:
        """A casemanager's habits: their usual way of writing dates, and whether blank columns trail."""
        if sheet not in self.file_style:
            h = sum(ord(c) for c in sheet)
            self.file_style[sheet] = (h % 3, h % 2 == 0)
        return self.file_style[sheet]

    def _write_sheet(self, path: Path, r: dict[str, np.ndarray], cutoff: int, sheet: str) -> None:
        usual_dates, trailing_blanks = self._style(sheet)
        wb = xlsxwriter.Workbook(str(path), {"in_memory": True})
        stamp = datetime.combine(cal.to_date(cutoff), datetime.min.time())
        wb.set_properties({"title": "JIB monitoring", "author": "casemanager JIB", "created": stamp})
        ws = wb.add_worksheet(CASEMANAGER_SHEET)
        bold = wb.add_format({"bold": True})
        date_fmt = wb.add_format({"num_format": "dd-mm-yyyy"})
        blank_fmt = wb.add_format({"bg_color": "#F2F2F2"})
        for c, name in enumerate(CASEMANAGER_COLUMNS):
            ws.write_string(0, c, name, bold)
        ws.set_column(0, 0, 20)
        ws.set_column(12, 12, 40)

        def known(day: int) -> bool:
            return day < cutoff

        def write_date(row: int, col: int, day: int, quirk: float) -> None:
            style = usual_dates if quirk < 0.8 else int(quirk * 100) % 3
            d = cal.to_date(day)
            if style == 0:
                ws.write_datetime(row, col, datetime.combine(d, datetime.min.time()), date_fmt)
            elif style == 1:
                ws.write_string(row, col, d.strftime("%d-%m-%Y"))
            else:
                ws.write_string(row, col, d.isoformat())

        def yes_no(i: int, value: int) -> str:
            return r["yes_form"][i] if value == 1 else r["no_form"][i]

        row = 1
        for i in range(r["person"].size):
            ws.write_string(row, 0, r["jib_id"][i])
            ws.write_string(row, 1, self.world.geo.codes[r["gemeente"][i]])
            write_date(row, 2, int(r["card"][i]), r["date_quirk"][i])
            if known(r["reactie_date"][i]):
                reactie = r["reactie"][i]
                ws.write_string(row, 3, r["none_form"][i] if reactie == 0 else yes_no(i, 1 if reactie == 1 else 0))
            hours = 0.5 + 0.25 * known(r["reactie_date"][i])
            if known(r["visit"][i]):
                write_date(row, 4, int(r["visit"][i]), r["date_quirk"][i])
                ws.write_string(row, 5, yes_no(i, r["bereikt"][i]))
                hours += r["visit_hours"][i]
            if known(r["consent_date"][i]):
                ws.write_string(row, 6, yes_no(i, r["toestemming"][i]))
                if r["vraag"][i]:
                    ws.write_string(row, 7, r["vraag"][i])
                if r["toestemming"][i] == 1:
                    until = min(cutoff, int(r["out_date"][i]))
                    hours += r["monthly_hours"][i] * max(0, until - int(r["consent_date"][i])) / cal.MONTH
            if known(r["out_date"][i]):
                write_date(row, 8, int(r["out_date"][i]), r["date_quirk"][i])
                ws.write_string(row, 9, r["bestemming"][i])
            _write_hours(ws, row, 10, round(hours * 4) / 4, int(r["hours_form"][i]))
            if known(r["bezwaar_date"][i]):
                ws.write_string(row, 11, r["yes_form"][i])
            elif r["says_no_bezwaar"][i] and known(r["consent_date"][i]):
                ws.write_string(row, 11, r["no_form"][i])
            if r["remark"][i] and known(r["remark_date"][i]):
                ws.write_string(row, 12, r["remark"][i])
            if trailing_blanks:
                ws.write_blank(row, 13, None, blank_fmt)
                ws.write_blank(row, 14, None, blank_fmt)
            row += 2 if r["blank_after"][i] else 1
        wb.close()


def _write_hours(ws, row: int, col: int, hours: float, form: int) -> None:
    """Hours as a number, or as text with a decimal comma or point, as people type them."""
    if form == 0:
        ws.write_number(row, col, hours)
    else:
        text = f"{hours:g}"
        ws.write_string(row, col, text.replace(".", ",") if form == 1 else text)
