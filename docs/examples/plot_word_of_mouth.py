"""
Word of mouth: how far the year's experiences travel
====================================================

"People will tell at least twice the people about a negative experience than
a positive one" ("What You Need to Know About Customer Interaction"). The
estimate gives the expected reach of the sample base's experiences; a seeded
simulation shows the spread around it, with second-hand retelling switched
on.
"""

# %%
import matplotlib.pyplot as plt

import custinteract as ci
import custinteract.plotting
from custinteract.samples import sample_dataset

base = sample_dataset()
estimate = ci.estimate_word_of_mouth(base.interactions)
estimate.positive_reach, estimate.negative_reach, estimate.net_reach

# %%
# Let one hearer in five retell the story to two more people, and simulate.
retelling = ci.WordOfMouthPolicy(retell_probability=0.2)
simulation = ci.simulate_word_of_mouth(base.interactions, policy=retelling, runs=500, seed=1)
fig, ax = plt.subplots()
custinteract.plotting.plot_reach_distribution(simulation, ax=ax)
fig.tight_layout()
