"""Word of mouth: how far good and bad experiences travel.

People tell at least twice as many others about a negative experience as
about a positive one ("What You Need to Know About Customer Interaction").
This package holds the closed-form estimate, the ledger, the Monte Carlo
simulation, the network cascade and the Bass diffusion model, and the
optional DataFrame (:mod:`custinteract.word_of_mouth.frames`) and plotting
(:mod:`custinteract.word_of_mouth.plotting`) modules.

>>> import custinteract.word_of_mouth as wom
>>> wom.WordOfMouthPolicy().negative_multiplier
2.0
"""

from ._bass import BassModel, BassPeriod, BassResult, simulate_bass
from ._cascade import CascadeGraph, CascadeResult, graph_from_networkx, simulate_cascade
from ._engine import REASON_CODES as WORD_OF_MOUTH_REASON_CODES
from ._engine import (
    WordOfMouthEstimate,
    WordOfMouthLedger,
    WordOfMouthPolicy,
    WordOfMouthSource,
    estimate_word_of_mouth,
    word_of_mouth_sources,
)
from ._simulation import (
    ReachBin,
    ReachDistribution,
    ReachPercentile,
    WordOfMouthSimulation,
    simulate_word_of_mouth,
)

__all__ = [
    "BassModel",
    "BassPeriod",
    "BassResult",
    "CascadeGraph",
    "CascadeResult",
    "ReachBin",
    "ReachDistribution",
    "ReachPercentile",
    "WORD_OF_MOUTH_REASON_CODES",
    "WordOfMouthEstimate",
    "WordOfMouthLedger",
    "WordOfMouthPolicy",
    "WordOfMouthSimulation",
    "WordOfMouthSource",
    "estimate_word_of_mouth",
    "graph_from_networkx",
    "simulate_bass",
    "simulate_cascade",
    "simulate_word_of_mouth",
    "word_of_mouth_sources",
]
