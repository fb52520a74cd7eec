"""
Satisfaction: CSAT month by month
=================================

Every interaction "will count as yet another definite data point to your
customer base satisfaction" ("Why Customer Interaction Should Be on Top of
Your Priority List"). Monthly CSAT of the sample base, each month with its
count and 95% interval; a trend is only called when the change is
significant.
"""

# %%
import matplotlib.pyplot as plt

import custinteract as ci
import custinteract.plotting
from custinteract.samples import sample_dataset

base = sample_dataset()
trend = ci.satisfaction_trend(base.interactions, frequency=ci.Frequency.MONTH)

fig, ax = plt.subplots()
custinteract.plotting.plot_satisfaction_trend(trend, ax=ax)
fig.tight_layout()

# %%
# The same metric per channel, over the whole year.
by_channel = ci.satisfaction_by(base.interactions, by="channel")
fig, ax = plt.subplots()
custinteract.plotting.plot_satisfaction_by(by_channel, ax=ax)
fig.tight_layout()
