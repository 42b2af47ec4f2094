"""Analysis -> text for people (terminal, HTML) or programs (JSON)."""

from newsprobe.render.html import render_html
from newsprobe.render.json import render_json
from newsprobe.render.terminal import render_terminal

__all__ = ["render_html", "render_json", "render_terminal"]
