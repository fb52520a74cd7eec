"""Recovery after a bad experience: who is at risk, what it takes to win them back, and which gesture works.

One negative experience can lose a customer whatever positives came before,
and it can take six positives to make up for it ("What You Need to Know About
Customer Interaction"). This package holds the recovery engine: its policy,
its rules, the batch and incremental (ledger) forms, the recovery playbook,
and its optional DataFrame (:mod:`custinteract.recovery.frames`) and plotting
(:mod:`custinteract.recovery.plotting`) modules.

>>> import custinteract.recovery as recovery
>>> recovery.RecoveryPolicy().positives_per_negative
6
"""

from ._engine import REASON_CODES as RECOVERY_REASON_CODES
from ._engine import (
    LossReason,
    OwedCustomer,
    RecoveryAssessment,
    RecoveryLedger,
    RecoveryPolicy,
    RecoveryStatus,
    RecoverySummary,
    assess_recoveries,
    assess_recovery,
    summarize_recoveries,
)
from ._learning import learn_playbook
from ._playbook import UNCATEGORISED, PlaybookAdvice, PlaybookEntry, RecoveryPlaybook

__all__ = [
    "LossReason",
    "OwedCustomer",
    "PlaybookAdvice",
    "PlaybookEntry",
    "RECOVERY_REASON_CODES",
    "RecoveryAssessment",
    "RecoveryLedger",
    "RecoveryPlaybook",
    "RecoveryPolicy",
    "RecoveryStatus",
    "RecoverySummary",
    "UNCATEGORISED",
    "assess_recoveries",
    "assess_recovery",
    "learn_playbook",
    "summarize_recoveries",
]
