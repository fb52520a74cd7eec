"""
Leads: who to call today
========================

"It's always better to focus on your current customers, and even qualified
leads rather than cold" ("What You Need to Know About Customer Interaction").
Every customer and lead of the sample base gets a temperature and an advice;
the funnel shows how many are COLD, WARM, QUALIFIED and CURRENT.
"""

# %%
import matplotlib.pyplot as plt

import custinteract as ci
import custinteract.plotting
from custinteract.samples import SAMPLE_AS_OF, sample_dataset

base = sample_dataset()
leads = ci.assess_leads(base.customers, base.interactions, as_of=SAMPLE_AS_OF)

# %%
# The first five of today's call list, best first, each with its reasons.
ranked = ci.prioritize_leads(leads)
for lead in ranked[:5]:
    print(lead.customer_id, lead.temperature.value, lead.advice.value, lead.score)

# %%
# The funnel of the whole base.
fig, ax = plt.subplots()
custinteract.plotting.plot_lead_funnel(leads, ax=ax)
fig.tight_layout()
