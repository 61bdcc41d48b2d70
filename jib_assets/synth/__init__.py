"""Synthetic deliveries for jib: a simulated world of young people, cut into monthly full snapshots
in exactly the format of sources.md (see `generate`)."""

from jib_assets.synth.generate import generate
from jib_assets.synth.summary import GemeenteMonth, SynthSummary

__all__ = ["GemeenteMonth", "SynthSummary", "generate"]
