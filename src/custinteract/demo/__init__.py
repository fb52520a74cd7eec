"""The demo: a report composed from every engine, over a seeded sample base.

>>> from custinteract.demo import SAMPLE_AS_OF
>>> SAMPLE_AS_OF.year
2026
"""

from ._report import REASON_CODES as REPORT_REASON_CODES
from ._report import DemoReport, build_demo_report, render_demo_report
from ._samples import SAMPLE_AS_OF, sample_dataset

__all__ = [
    "DemoReport",
    "REPORT_REASON_CODES",
    "SAMPLE_AS_OF",
    "build_demo_report",
    "render_demo_report",
    "sample_dataset",
]
