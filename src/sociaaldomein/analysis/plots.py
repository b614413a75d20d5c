"""Charts of the common views, with matplotlib (extra ``plot``).

Every function returns a matplotlib ``Figure`` (drawn with the non-interactive Agg
backend, so it works on servers and in tests) or writes a PNG atomically. Amounts are
summed in cents and converted to euros only for the axis.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sociaaldomein.analysis.report import Indicators
from sociaaldomein.errors import InvalidValue, MissingExtra
from sociaaldomein.io.files import atomic_write
from sociaaldomein.model.funding import DROPOUT_CATEGORIES
from sociaaldomein.settle.settlement import GROUPINGS, Settlement

__all__ = [
    "dropout_figure",
    "monthly_spend_figure",
    "monthly_spend_png",
    "save_png",
    "shares_figure",
    "spend_figure",
]

Figure = Any
"""A ``matplotlib.figure.Figure``."""


def _figure(width: float = 8.0, height: float = 4.5) -> tuple[Any, Any]:
    try:
        import matplotlib
    except ImportError:
        raise MissingExtra("matplotlib", "plot") from None
    matplotlib.use("Agg")
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width, height))
    return fig, fig.add_subplot(1, 1, 1)


def monthly_spend_figure(settlement: Settlement, years: Mapping[str, int] | None = None) -> Figure:
    """Payments to providers per calendar month, one line per region (each region in its
    own contract year when the regions' years differ)."""
    cents: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    seen_years: dict[str, set[int]] = defaultdict(set)
    for line in settlement.payments():
        cents[line.region][line.month.month] += line.amount.amount_cents
        seen_years[line.region].add(line.month.year)
    fig, ax = _figure()
    for region in sorted(cents):
        months = list(range(1, 13))
        label_year = (years or {}).get(region) or (min(seen_years[region]) if seen_years[region] else "")
        ax.plot(months, [cents[region].get(m, 0) / 100 for m in months], marker="o",
                label=f"{region} ({label_year})")
    ax.set_xticks(list(range(1, 13)))
    ax.set_xticklabels(["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt",
                        "nov", "dec"])
    ax.set_ylabel("paid to providers (EUR)")
    ax.set_title("Monthly spend per region")
    ax.grid(True, alpha=0.3)
    if cents:
        ax.legend()
    fig.tight_layout()
    return fig


def spend_figure(settlement: Settlement, by: str = "funding") -> Figure:
    """Payments to providers per group (a grouping of :meth:`Settlement.group_by`) as bars."""
    if by not in GROUPINGS:
        raise InvalidValue(f"unknown grouping {by!r}; known: {', '.join(GROUPINGS)}")
    groups = settlement.group_by(by)
    fig, ax = _figure()
    names = list(groups)
    ax.bar(names, [groups[n].amount_cents / 100 for n in names])
    ax.set_ylabel("paid to providers (EUR)")
    ax.set_title(f"Spend per {by}")
    ax.tick_params(axis="x", labelrotation=30)
    fig.tight_layout()
    return fig


def dropout_figure(rows: Sequence[Indicators]) -> Figure:
    """Ended care per group split over the five drop-out categories, as stacked bars of
    shares (WF framework §3.5.1)."""
    fig, ax = _figure()
    names = [r.group for r in rows]
    bottom = [0.0] * len(rows)
    for category in DROPOUT_CATEGORIES:
        shares = [float(r.dropout_share(category) or 0) * 100 for r in rows]
        ax.bar(names, shares, bottom=bottom, label=category.replace("_", " "))
        bottom = [b + s for b, s in zip(bottom, shares, strict=True)]
    ax.set_ylabel("share of ended care (%)")
    ax.set_title("Drop-out by category")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def shares_figure(counts: Mapping[str, Sequence[int]], periods: Sequence[str]) -> Figure:
    """Counts per category and period as grouped bars (the H4 caseload tables)."""
    fig, ax = _figure()
    categories = list(counts)
    width = 0.8 / max(1, len(periods))
    for i, label in enumerate(periods):
        xs = [c + i * width for c in range(len(categories))]
        ax.bar(xs, [counts[name][i] for name in categories], width=width, label=label)
    ax.set_xticks([c + width * (len(periods) - 1) / 2 for c in range(len(categories))])
    ax.set_xticklabels(categories)
    ax.set_ylabel("count")
    ax.legend()
    fig.tight_layout()
    return fig


def save_png(figure: Figure, path: Path | str) -> Path:
    """Write a figure as PNG, atomically."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    atomic_write(path, buffer.getvalue())
    return Path(path)


def monthly_spend_png(path: Path | str, settlement: Settlement,
                      years: Mapping[str, int] | None = None) -> Path:
    """:func:`monthly_spend_figure` written to ``path`` as PNG."""
    return save_png(monthly_spend_figure(settlement, years), path)
