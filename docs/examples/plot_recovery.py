"""
Recovery: who still owes us positives
=====================================

One negative experience opens a debt of six positives ("What You Need to
Know About Customer Interaction"). Here every customer of the sample base is
assessed at the end of the year, the assessments are summarised, and the
summary is plotted: how many customers are HEALTHY, RECOVERING or LOST.
"""

# %%
# The sample base: customers, staff and a year of interactions.
import matplotlib.pyplot as plt

import custinteract as ci
import custinteract.plotting
from custinteract.samples import SAMPLE_AS_OF, sample_dataset

base = sample_dataset()
len(base.customers), len(base.interactions)

# %%
# Assess every customer at ``as_of`` and summarise: the summary explains itself.
assessments = ci.assess_recoveries(base.interactions, as_of=SAMPLE_AS_OF, customers=base.customers)
summary = ci.summarize_recoveries(assessments)
summary

# %%
# Plot the summary on axes of our own.
fig, ax = plt.subplots()
custinteract.plotting.plot_recovery_summary(summary, ax=ax)
fig.tight_layout()

# %%
# One customer's ledger: the debt each negative opens, and the positives
# paying it back. We pick the customer who recovered most often.
owing = max(assessments.values(), key=lambda a: (a.times_recovered, a.customer_id))
history = base.interactions_by_customer()[owing.customer_id]
fig, ax = plt.subplots()
custinteract.plotting.plot_recovery_ledger(history, as_of=SAMPLE_AS_OF, ax=ax)
fig.tight_layout()
