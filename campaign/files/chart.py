"""Draws the status report as one picture: the stage funnel beside the weekly activity."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from campaign.errors import CampaignError
from campaign.files.outputs import MARK, check_file, pdf_creator, png_text, write_file
from campaign.rules.stages import ACTIVITY_KINDS, STAGES, StatusReport

if TYPE_CHECKING:
    from matplotlib.axes import Axes

CHART_FORMATS = {".png": "png", ".pdf": "pdf"}
SIZE_INCHES = (10.0, 5.0)
DPI = 110

# Plural labels for the weekly panel's legend, in ACTIVITY_KINDS order.
ACTIVITY_LABELS = {"letter": "Letters mailed", "call": "Calls", "appointment": "Appointments",
                   "interview": "Interviews"}
# Light to dark as the search gets closer to an offer; "closed" stands apart in grey.
STAGE_COLOURS = ("#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c")
CLOSED_COLOUR = "#bdbdbd"
ACTIVITY_COLOURS = ("#4292c6", "#f28e2b", "#59a14f", "#b07aa1")


def response_text(report: StatusReport) -> str:
    """'Response rate 12% (6 of 50 mailed)', or a note that nothing has been mailed yet."""
    if not report.mailed:
        return "Response rate: nothing mailed yet"
    return f"Response rate {report.response_rate:.0%} ({report.responded} of {report.mailed} mailed)"


def week_label(monday: date) -> str:
    """'Nov 30': short enough for eight weeks side by side, and independent of the locale."""
    return f"{monday:%b} {monday.day}"


def chart_format(path: Path) -> str:
    """The matplotlib format for `path`'s suffix, or a CampaignError naming the allowed ones."""
    fmt = CHART_FORMATS.get(path.suffix.lower())
    if fmt is None:
        allowed = " or ".join(CHART_FORMATS)
        shown = f"'{path.suffix}'" if path.suffix else "no suffix"
        raise CampaignError(f"{path}: cannot draw a chart as {shown}; use {allowed}")
    return fmt


# The mark a chart carries (PNG Software text, PDF Creator), read back before one is replaced.
CHART_MARK = f"{MARK} status chart"


def is_chart(path: Path) -> bool:
    """True if `path` is a status chart this tool drew (and so may be drawn again)."""
    fmt = CHART_FORMATS.get(path.suffix.lower())
    if fmt == "png":
        return png_text(path, "Software") == CHART_MARK
    return fmt == "pdf" and pdf_creator(path) == CHART_MARK


def check_chart_path(path: Path, campaign: Path) -> Path:
    """Refuse early a chart path that is no chart format or would replace someone else's file."""
    chart_format(Path(path))
    return check_file(path, campaign, ours=is_chart, what="a status chart")


def draw_status(report: StatusReport, path: Path, *, campaign: Path) -> Path:
    """Write `report` as a PNG or PDF chart at `path` (chosen by its suffix) and return `path`;
    `campaign` is the campaign folder, whose own files are never written over."""
    path = Path(path)
    fmt = chart_format(path)
    # Imported here so that `campaign --help` and commands without a chart stay fast.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(fig)  # the Agg backend, without touching pyplot's global state
    funnel, weekly = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1, 1.35)})

    _draw_funnel(funnel, report)
    _draw_weeks(weekly, report)

    fig.suptitle(f"Campaign status on {report.on.isoformat()} — {response_text(report)}",
                 fontsize=13, fontweight="bold")
    fig.text(0.5, 0.885, f"Due today {report.due_today} · overdue {report.overdue} · "
                         f"inactive {report.inactive}", ha="center", fontsize=9, color="#555555")
    fig.subplots_adjust(left=0.1, right=0.98, top=0.8, bottom=0.17, wspace=0.22)

    metadata = ({"Software": CHART_MARK} if fmt == "png"
                else {"CreationDate": None, "Creator": CHART_MARK})
    with write_file(path, campaign, ours=is_chart, what="a status chart") as tmp:
        # The temporary name ends in .part, so the format must be given.
        fig.savefig(tmp, format=fmt, metadata=metadata)
    return path


def _draw_funnel(ax: Axes, report: StatusReport) -> None:
    """Centred horizontal bars, "not mailed" at the top down to "offer", then "closed" apart."""
    active = [s for s in STAGES if s != "closed"]
    counts = [report.stages.get(s, 0) for s in active]
    closed = report.stages.get("closed", 0)
    # The closed bar sits one bar-height further down than the others, a gap that says "apart".
    ys = list(range(len(active))) + [len(active) + 0.5]
    values = counts + [closed]
    colours = list(STAGE_COLOURS[: len(active)]) + [CLOSED_COLOUR]
    widest = max(values + [1])
    ax.barh(ys, values, left=[-v / 2 for v in values], color=colours, height=0.8,
            edgecolor="white")
    for y, value in zip(ys, values, strict=True):
        ax.text(value / 2 + widest * 0.03, y, str(value), va="center", ha="left", fontsize=10)
    ax.set_yticks(ys, [s.capitalize() for s in active] + ["Closed"])
    ax.invert_yaxis()
    ax.set_xlim(-widest * 0.6, widest * 0.72)
    ax.set_xticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_title("Employers by stage", fontsize=11)


def _draw_weeks(ax: Axes, report: StatusReport) -> None:
    """Grouped bars per week: letters mailed, calls, appointments, interviews."""
    from matplotlib.ticker import MaxNLocator

    weeks = report.weeks
    width = 0.8 / len(ACTIVITY_KINDS)
    xs = range(len(weeks))
    for index, (kind, colour) in enumerate(zip(ACTIVITY_KINDS, ACTIVITY_COLOURS, strict=True)):
        offset = (index - (len(ACTIVITY_KINDS) - 1) / 2) * width
        ax.bar([x + offset for x in xs], [counts.get(kind, 0) for _, counts in weeks], width,
               color=colour, label=ACTIVITY_LABELS[kind])
    # About ten labels fit side by side; over a longer span, label every second or third week.
    step = -(-len(weeks) // 10) if weeks else 1
    labels = [week_label(monday) if (len(weeks) - 1 - i) % step == 0 else ""
              for i, (monday, _) in enumerate(weeks)]
    ax.set_xticks(list(xs), labels, fontsize=9)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    top = max((n for _, counts in weeks for n in counts.values()), default=0)
    if not top:
        ax.set_ylim(0, 1)
        ax.text(0.5, 0.5, "No activity to show", transform=ax.transAxes, ha="center",
                va="center", color="#777777")
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(axis="y", color="#e0e0e0")
    ax.set_axisbelow(True)
    ax.set_title("Activity by week (week of Monday)", fontsize=11)
    if not weeks:
        return  # an empty bar container has no colour to show in a legend
    # Below the week labels, so that it can never hide a bar.
    ax.legend(fontsize=9, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.09),
              ncols=len(ACTIVITY_KINDS), handlelength=1.2, columnspacing=1.2)
