"""
Activity: who is still coming back
==================================

Most customers who leave never complain: they simply stop coming back. The
BG/NBD model, fitted on the sample base, gives each customer's probability of
still being a customer from how often and how recently they came back.
"""

# %%
import matplotlib.pyplot as plt

import custinteract as ci
import custinteract.plotting
from custinteract.samples import SAMPLE_AS_OF, sample_dataset

base = sample_dataset()
summaries = ci.activity_summaries(base.interactions, as_of=SAMPLE_AS_OF)
model = ci.fit_bgnbd(summaries.values())
model

# %%
# The probability alive of a customer first seen a year ago, by how many
# times they came back (rows) and how long ago their last return was.
fig, ax = plt.subplots()
custinteract.plotting.plot_p_alive_matrix(model, age=365, ax=ax)
fig.tight_layout()

# %%
# The rhythm rule needs no fitting: the status of every customer.
assessments = ci.assess_activities(base.interactions, as_of=SAMPLE_AS_OF)
statuses = [a.status.value for a in assessments.values()]
{status: statuses.count(status) for status in sorted(set(statuses))}
