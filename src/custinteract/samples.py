"""The seeded sample base behind the demo, for trying every engine on realistic data.

It lives in ``custinteract.demo``; this module keeps the short import path.

>>> from custinteract.samples import SAMPLE_AS_OF, sample_dataset
>>> len(sample_dataset().customers) > 0
True
"""

from .demo import SAMPLE_AS_OF, sample_dataset

__all__ = ["SAMPLE_AS_OF", "sample_dataset"]
