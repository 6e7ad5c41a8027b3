"""Charts drawn on the server with matplotlib: SVG for pages (text kept as text, so the page's
fonts, search and screen readers see it) and PNG for documents. Every chart on a page sits beside
the table of its numbers."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Sequence

import matplotlib

matplotlib.use("Agg")  # no display on a server; set before pyplot could ever be imported

from matplotlib.figure import Figure

# Calm colours that stay apart for the common colour-vision deficiencies (Okabe–Ito).
PALETTE = ["#009E73", "#56B4E9", "#E69F00", "#D55E00", "#999999", "#0072B2", "#CC79A7"]


def _remembered(draw: Callable[..., str | bytes]) -> Callable[..., str | bytes]:
    """The same numbers and words draw the same chart: a drawing (a tenth of a second or more)
    is kept for the next page that shows them — a past period's dashboard is opened again and
    again by every leader. Keyed by value: lists become tuples, labels their text."""

    @functools.lru_cache(maxsize=128)
    def cached(categories, series, title, colors, fmt):
        return draw(list(categories), dict(series), title=title, colors=list(colors), fmt=fmt)

    @functools.wraps(draw)
    def wrapper(categories, series, *, title, colors=PALETTE, fmt="svg"):
        return cached(
            tuple(str(c) for c in categories),
            tuple((str(name), tuple(values)) for name, values in series.items()),
            str(title),
            tuple(colors),
            fmt,
        )

    return wrapper


def _no_data(values: Sequence[Sequence[float]]) -> bool:
    return not any(v for row in values for v in row)


def _finish(figure: Figure, title: str, fmt: str) -> str | bytes:
    if fmt == "png":
        image = io.BytesIO()
        figure.savefig(image, format="png", dpi=150, bbox_inches="tight")
        return image.getvalue()
    text = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "motcua"}):
        figure.savefig(text, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = text.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML prologue and doctype: it sits inside a page
    escaped = title.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"<svg ", f'<svg role="img" aria-label="{escaped}" ', svg, count=1).replace(
        ">", f"><title>{escaped}</title>", 1
    )


@_remembered
def stacked_bars(
    categories: Sequence[str],
    series: dict[str, Sequence[int]],
    *,
    title: str,
    colors: Sequence[str] = PALETTE,
    fmt: str = "svg",
) -> str | bytes:
    """Horizontal bars, one per category, stacked by series (e.g. tasks by state per area)."""
    height = 0.9 + 0.42 * max(1, len(categories))
    figure = Figure(figsize=(8, height), layout="constrained")
    axes = figure.subplots()
    left = [0] * len(categories)
    positions = list(range(len(categories)))
    for (name, values), color in zip(series.items(), colors, strict=False):
        axes.barh(positions, values, left=left, color=color, label=name, height=0.6)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, labels=[_wrap(c) for c in categories], fontsize=8)
    axes.invert_yaxis()
    if _no_data(list(series.values())):
        axes.set_xlim(0, 1)  # not matplotlib's −0.04…0.04 around nothing
    axes.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]  # MaxNLocator
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(
        loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(series), fontsize=8, frameon=False
    )
    return _finish(figure, title, fmt)


def _wrap(text: str, width: int = 38) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines[:3])


@_remembered
def grouped_bars(
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    colors: Sequence[str] = PALETTE,
    fmt: str = "svg",
) -> str | bytes:
    """Vertical bars side by side per category (e.g. received / resolved / late per month)."""
    figure = Figure(figsize=(8, 3.2), layout="constrained")
    axes = figure.subplots()
    width = 0.8 / max(1, len(series))
    for index, ((name, values), color) in enumerate(zip(series.items(), colors, strict=False)):
        positions = [i + (index - (len(series) - 1) / 2) * width for i in range(len(categories))]
        axes.bar(positions, values, width=width, color=color, label=name)
    axes.set_xticks(list(range(len(categories))), labels=list(categories), fontsize=8)
    if _no_data(list(series.values())):
        axes.set_ylim(0, 1)  # not matplotlib's −0.04…0.04 around nothing
    axes.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]  # MaxNLocator
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(
        loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(series), fontsize=8, frameon=False
    )
    return _finish(figure, title, fmt)
