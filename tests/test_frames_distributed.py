"""The Dask paths on a real cluster: two worker processes, so everything sent must pickle.

One cluster serves the whole module (starting one costs seconds). Each test
compares the cluster's answer with pandas on the same rows, and checks that
ids repeated across partitions are counted once, or refused, as the object
path does.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import dask.dataframe as dd
import pandas as pd
import pytest

import custinteract as ci
import custinteract.frames as cf

distributed = pytest.importorskip("distributed")

AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    """A LocalCluster of two single-threaded worker processes, and a client on it.

    The cluster's own start-up notices (a busy port, a slow scratch
    directory) are not the library's: they are silenced here, deliberately,
    and nowhere else.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("distributed").setLevel(logging.ERROR)
        cluster = distributed.LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = distributed.Client(cluster)
    try:
        yield client
    finally:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client.close()
            cluster.close()


def base(customers: int = 40, per: int = 12) -> pd.DataFrame:
    """A small seeded-by-construction base: every customer with a mix of sentiments."""
    moods = ["positive", "negative", "neutral", "positive", "positive"]
    rows = []
    n = 0
    for c in range(customers):
        for k in range(per):
            n += 1
            rows.append(
                {
                    "id": f"i{n}",
                    "customer_id": f"c{c}",
                    "timestamp": T0 + timedelta(days=k * 9 + c % 5, hours=c % 7),
                    "sentiment": moods[(c + k) % len(moods)],
                    "channel": ["phone", "email", "chat"][(c * k) % 3],
                    "rating_value": (k % 5) + 1 if k % 3 == 0 else None,
                    "rating_scale": "csat" if k % 3 == 0 else None,
                }
            )
    frame = pd.DataFrame(rows)
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    frame["rating_value"] = frame["rating_value"].astype("Int64")
    return frame


def on_cluster(frame: pd.DataFrame, partitions: int = 4) -> dd.DataFrame:
    """The frame as Dask partitions in row order (so a customer spans several)."""
    return dd.from_pandas(frame, npartitions=partitions, sort=False)


def test_recovery_shuffled_by_customer_equals_pandas(client: distributed.Client) -> None:
    """Customers split over partitions are shuffled together: the same rows as pandas."""
    frame = base()
    expected = cf.recovery_frame(frame, as_of=AS_OF)
    got = cf.recovery_frame(on_cluster(frame), as_of=AS_OF).compute().sort_index()
    pd.testing.assert_frame_equal(got, expected.sort_index(), check_index_type=False)


def test_word_of_mouth_counts_a_replay_once_across_partitions(client: distributed.Client) -> None:
    """An identical row in another partition is the same interaction: counted once, as pandas."""
    frame = base()
    replayed = pd.concat([frame, frame.iloc[[0, 5]]], ignore_index=True)
    expected = cf.word_of_mouth_frame(replayed)
    assert expected["positives"].sum() == cf.word_of_mouth_frame(frame)["positives"].sum()
    got = cf.word_of_mouth_frame(on_cluster(replayed)).compute().sort_index()
    pd.testing.assert_frame_equal(got, expected.sort_index(), check_index_type=False)


def test_satisfaction_counts_a_replay_once_across_partitions(client: distributed.Client) -> None:
    """Satisfaction on the cluster equals pandas, a cross-partition replay counted once."""
    frame = base()
    replayed = pd.concat([frame, frame.iloc[[0, 3, 6]]], ignore_index=True)
    options = {"by": "channel", "frequency": ci.Frequency.MONTH}
    expected = cf.satisfaction_frame(frame, **options)
    got = cf.satisfaction_frame(on_cluster(replayed), **options)
    pd.testing.assert_frame_equal(got, expected)
    objects = cf.interactions_from_frame(frame)
    assert cf.satisfaction_to_frame(ci.satisfaction_by(objects, **options)).equals(expected)
    replays = ci.satisfaction_by([*objects, *(objects[k] for k in (0, 3, 6))], **options)
    assert got.attrs["explanation"] == replays.explanation  # the 3 repeats, said once


def test_satisfaction_refuses_an_id_reused_across_partitions(client: distributed.Client) -> None:
    """The same id on a different interaction, far apart in the frame, is refused."""
    frame = base()
    other = frame.iloc[[0]].assign(sentiment="negative", customer_id="c-elsewhere")
    with pytest.raises(ci.InvalidInputError, match="unique interaction ids"):
        cf.satisfaction_frame(on_cluster(pd.concat([frame, other], ignore_index=True)))


def test_recovery_refuses_an_id_reused_by_two_customers(client: distributed.Client) -> None:
    """An id under two customers lands in two partitions; the cluster still refuses it."""
    frame = base()
    other = frame.iloc[[0]].assign(customer_id="c39")
    lazy = cf.recovery_frame(on_cluster(pd.concat([frame, other], ignore_index=True)), as_of=AS_OF)
    with pytest.raises(ci.InvalidInputError, match="unique interaction ids"):
        lazy.compute()
