"""`python -m jib_assets` is the `jib` command."""

from jib_assets.cli import app

app()
