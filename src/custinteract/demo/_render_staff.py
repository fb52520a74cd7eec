"""The demo report's staff sections as text: staff morale and the staff-customer feedback loop.

Written from the results' fields, as ``_render`` writes the other sections.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._wording import counted, words
from ..morale import (
    EquilibriumStatus,
    Intervention,
    InterventionKind,
    LoopTrajectory,
    MoraleAssessment,
    MoraleBand,
    MoraleFactor,
    MoralePolicy,
)
from ._sections import OUTLOOK_PERIODS
from ._words import FACTOR_WORDS, heading, pct, signed

if TYPE_CHECKING:
    from ._report import DemoReport


def _drivers(member: MoraleAssessment) -> str:
    moves = sorted(
        (
            c
            for c in member.contributions
            if c.factor is not MoraleFactor.BASELINE and abs(c.points) >= 0.5
        ),
        key=lambda c: -abs(c.points),
    )[:3]
    return ", ".join(
        f"{FACTOR_WORDS.get(c.factor, words(c.factor.value))} {c.points:+.0f}" for c in moves
    )


def _morale(report: DemoReport) -> list[str]:
    policy = MoralePolicy()
    lines = heading("Staff morale: happy staff make happy customers")
    lines.append(
        f"  Index 0-100 from {policy.baseline:.0f}: under {policy.low_below:.0f} is low,"
        f" {policy.high_from:.0f} or more high. Its biggest effects, and the negative contacts"
        " of the last 30 days:"
    )
    width = max((len(m.team or "no team") for m in report.morale.members), default=0)
    for member in report.morale.members:
        band = member.band.value + ("!" if member.band is MoraleBand.LOW else "")
        lines.append(
            f"  {member.staff_id} {(member.team or 'no team').ljust(width)} {member.index:3.0f}"
            f" {band:<8} {_drivers(member) or 'no signals'};"
            f" {member.negatives_handled} of {member.interactions_handled:,} negative"
        )
    enps = report.enps
    if enps.score is None:
        lines.append("  Staff survey: no answers in the last 6 months.")
    else:
        lines.append(
            f"  Staff survey (would you recommend working here?): {counted(enps.promoters, 'promoter')}"
            f" and {counted(enps.detractors, 'detractor')} among {counted(enps.respondents, 'answer')}:"
            f" eNPS {signed(enps.score)}"
        )
    return lines


def _describe(item: Intervention) -> str:
    size = item.size
    described = {
        InterventionKind.RECOGNITION_PROGRAMME: f"thank and reward staff, worth {size:g} morale points",
        InterventionKind.LISTENING_PROGRAMME: (
            f"listen to staff and act on concerns, worth {size:g} morale points"
        ),
        InterventionKind.PROCESS_FIX: (
            f"fix a cause of complaints, so {pct(size, 0)} fewer contacts go wrong"
        ),
        InterventionKind.HIRING_FREEZE: f"stop hiring: {pct(size, 0)} more work per person",
    }
    until = "" if item.end is None else f" to month {item.end}"
    what = described.get(item.kind, f"{words(item.kind.value)} of size {size:g}")
    return f"{what}, from month {item.start}{until}"


def _outcome(run: LoopTrajectory, base: LoopTrajectory | None) -> str:
    final = run.final
    if run.status is EquilibriumStatus.NONE or run.equilibrium_morale is None:
        way = "falling" if final.morale < run.periods[0].morale else "rising"
        return (
            f"no resting point: each turn of the loop makes it worse, morale keeps {way}"
            f" (month {final.period}: {final.morale:.0f})"
        )
    text = (
        f"morale settles at {run.equilibrium_morale:.0f} and"
        f" {pct(run.equilibrium_negative_rate)} of contacts go wrong"
    )
    if base is None or base is run or base.equilibrium_morale is None:
        return text + " (the loop stays where it is)"
    shift = run.equilibrium_morale - base.equilibrium_morale
    boost = sum(
        item.size
        for item in run.interventions
        if item.kind
        in (InterventionKind.RECOGNITION_PROGRAMME, InterventionKind.LISTENING_PROGRAMME)
        and item.active(final.period)
    )
    text += f": {abs(shift):.1f} points {'above' if shift >= 0 else 'below'} doing nothing"
    if boost and shift > boost:
        text += (
            f", of which {shift - boost:.1f} come from the loop itself (happier staff, better"
            " care, fewer angry customers)"
        )
    return text


def _outlook(report: DemoReport) -> list[str]:
    policy = report.outlook_policy
    lines = heading(f"What next? The staff-customer feedback loop over {OUTLOOK_PERIODS} months")
    start = report.outlook_start
    who = "the default reference point (no team handled a contact)"
    if start is not None:
        who = "staff without a team" if start.team is None else f"the {start.team} team"
        who += " today"
    lines.append(
        f"  Starting from {who}: morale {policy.reference_morale:.0f},"
        f" {pct(policy.reference_negative_rate)} of contacts negative."
    )
    gain = policy.loop_gain()
    lines.append(
        "  The loop: fewer angry customers lift morale, better morale means better care, and"
        " better care means fewer angry customers."
    )
    if gain < 1:
        lines.append(
            f"  Each turn passes on {pct(gain, 0)} of a change, so a lasting change in morale"
            f" grows by about {pct(policy.multiplier() - 1, 0)} in the end."
        )
    else:
        lines.append("  Each turn passes on all of a change or more: the loop runs away.")
    trajectories = report.outlook.trajectories
    base = next((t for t in trajectories if not t.interventions), None)
    for run in trajectories:
        plan = "; ".join(_describe(item) for item in run.interventions) or "change nothing"
        lines.append(f"  - {run.name} ({plan}):")
        lines.append(f"      {_outcome(run, base)}.")
    lines.append(
        "  (A model with assumed effect sizes, not a forecast: see the feedback-loop docs.)"
    )
    return lines
