"""
Morale: the team at the end of the year
=======================================

"The fewer angry customers, the better the employee morale" ("Why Customer
Interaction Should Be on Top of Your Priority List"); "happy staff will make
happy customers" ("What You Need to Know About Customer Interaction"). Each
staff member of the sample base gets a morale index from 0 to 100, itemised.
"""

# %%
import matplotlib.pyplot as plt

import custinteract as ci
import custinteract.plotting
from custinteract.samples import SAMPLE_AS_OF, sample_dataset

base = sample_dataset()
team = ci.assess_team_morale(
    base.staff, base.interactions, as_of=SAMPLE_AS_OF, events=base.staff_events
)

fig, ax = plt.subplots()
custinteract.plotting.plot_team_morale(team, ax=ax)
fig.tight_layout()

# %%
# How a recognition programme would lift the lowest morale over the coming
# weeks, against doing nothing (the feedback loop between morale and
# satisfaction).
K = ci.InterventionKind
plans = [
    ci.Scenario(name="as is"),
    ci.Scenario(
        name="recognition", interventions=[ci.Intervention(kind=K.RECOGNITION_PROGRAMME, size=4)]
    ),
]
lowest = min(member.index for member in team.members)
comparison = ci.compare_scenarios(plans, periods=26, initial_morale=lowest)
fig, ax = plt.subplots()
custinteract.plotting.plot_feedback_loop(comparison, ax=ax)
fig.tight_layout()
