"""Interactions frames turned into :class:`~custinteract.Interaction` values, and back.

:func:`interactions_from_frame` reads a frame as the frame functions read it
(:func:`~custinteract._tabular.normalize_interactions`) and builds the values
the models would; :func:`interactions_to_frame` writes values as a frame of
:data:`~custinteract._tabular.INTERACTION_COLUMNS`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import tzinfo
from typing import Any

import pandas as pd

from ._columns import (
    gesture_from_cells,
    interactions_from_normalized,
    is_missing,
    rating_from_cells,
)
from ._errors import InvalidInputError
from ._frames_interop import same_kind_out
from ._models import Channel, Direction, Interaction, InteractionKind, Sentiment
from ._tabular import INTERACTION_COLUMNS, normalize_interactions
from ._validators import check_iterable, is_blank

__all__ = ["interactions_from_frame", "interactions_to_frame"]


@same_kind_out("frame")
def interactions_from_frame(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    *,
    tz: tzinfo | str | None = None,
) -> tuple[Interaction, ...]:
    """Build :class:`~custinteract.Interaction` values from the rows of a frame.

    The frame is read as :func:`normalize_interactions` reads it (integer and
    categorical ids, naive timestamps with ``tz``, sentiment from the rating,
    a missing rating value as no rating), so these values are the ones the
    frame functions count. Every value is checked by the model's own rules,
    column by column (once per distinct value where a rule looks at one value
    only; ratings and gestures are built once per distinct set of cells and
    shared, as the frozen values they are), so a bad row raises the same
    :class:`~custinteract.InvalidInputError` the constructor would, with the
    row's index in the field name.

    >>> import pandas as pd
    >>> from custinteract.frames import interactions_from_frame
    >>> df = pd.DataFrame({"id": ["i1"], "customer_id": ["c1"],
    ...     "timestamp": pd.to_datetime(["2026-03-04T10:00Z"]), "sentiment": ["positive"]})
    >>> [i.sentiment.value for i in interactions_from_frame(df)]
    ['positive']
    """
    out = normalize_interactions(frame, columns, tz=tz)
    built = interactions_from_normalized(out)
    if built is not None:
        return tuple(built)
    records = out.to_dict("records")  # a refused cell: row by row finds and words it
    result = []
    for index, record in zip(out.index, records, strict=True):
        try:
            result.append(_interaction_from_record(record))
        except InvalidInputError as exc:
            raise InvalidInputError(f"row {index!r}: {exc.field}", exc.value, exc.expected) from exc
    return tuple(result)


def _interaction_from_record(record: Mapping[Any, Any]) -> Interaction:
    rating = None
    if not is_missing(record["rating_value"]) or not is_missing(record["rating_scale"]):
        rating = rating_from_cells(record["rating_value"], record["rating_scale"])
    gesture = None
    if not is_missing(record["gesture_kind"]):
        gesture = gesture_from_cells(
            record["gesture_kind"], record["gesture_value"], record["gesture_answers"]
        )
    resolved = record["resolved"]
    return Interaction(
        id=record["id"],
        customer_id=record["customer_id"],
        timestamp=record["timestamp"].to_pydatetime(),
        sentiment=Sentiment(record["sentiment"]),
        channel=Channel(record["channel"]),
        kind=InteractionKind(record["kind"]),
        direction=Direction(record["direction"]),
        staff_id=None if is_missing(record["staff_id"]) else record["staff_id"],
        rating=rating,
        category=None if is_missing(record["category"]) else record["category"],
        gesture=gesture,
        resolved=None if is_missing(resolved) else bool(resolved),
    )


def interactions_to_frame(
    interactions: Iterable[Interaction], *, metadata: Sequence[str] = ()
) -> pd.DataFrame:
    """A frame with :data:`INTERACTION_COLUMNS` from interaction values (the inverse).

    ``metadata`` names metadata keys to write as columns of their own, after
    :data:`INTERACTION_COLUMNS` (a missing key is a missing value), so that
    a frame function that reads one, such as the budget that
    :func:`~custinteract.frames.leads_frame` reads, sees what the object path
    sees: ``interactions_to_frame(base, metadata=("budget",))``.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> from custinteract.frames import interactions_to_frame
    >>> df = interactions_to_frame([ci.Interaction(id="i1", customer_id="c1",
    ...     timestamp=datetime(2026, 3, 4, tzinfo=timezone.utc), sentiment=ci.Sentiment.NEGATIVE)])
    >>> df.loc[0, "sentiment"], str(df["timestamp"].dtype)
    ('negative', 'datetime64[us, UTC]')
    """
    keys = _metadata_keys(metadata)
    interactions = check_iterable(interactions, "interactions", Interaction)
    rows = [
        {
            "id": i.id,
            "customer_id": i.customer_id,
            "timestamp": i.timestamp,
            "sentiment": i.sentiment.value,
            "channel": i.channel.value,
            "kind": i.kind.value,
            "direction": i.direction.value,
            "staff_id": i.staff_id,
            "rating_value": None if i.rating is None else i.rating.value,
            "rating_scale": None if i.rating is None else i.rating.scale.value,
            "category": i.category,
            "gesture_kind": None if i.gesture is None else i.gesture.kind.value,
            "gesture_value": None if i.gesture is None else i.gesture.value,
            "gesture_answers": None if i.gesture is None else i.gesture.answers,
            "resolved": i.resolved,
        }
        for i in interactions
    ]
    frame = _text_frame(rows)
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    frame["rating_value"] = frame["rating_value"].astype("Int64")
    frame["gesture_value"] = frame["gesture_value"].astype("Float64")
    frame["resolved"] = frame["resolved"].astype("boolean")
    for key in keys:
        frame[key] = pd.Series([i.metadata.get(key) for i in interactions], dtype=object)
    return frame


def _text_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows as a frame of :data:`INTERACTION_COLUMNS`, text as pandas' text dtype.

    A text column holding a lone surrogate (valid in a Python ``str``, not in
    UTF-8, so Arrow-backed text cannot hold it) stays a column of objects, so
    that every interaction value can be written and read back unchanged.
    """
    frame: pd.DataFrame
    try:
        frame = pd.DataFrame(rows, columns=list(INTERACTION_COLUMNS))
    except UnicodeEncodeError:
        frame = pd.DataFrame(rows, columns=list(INTERACTION_COLUMNS), dtype=object)
    else:
        return frame
    for name in frame.columns:
        with contextlib.suppress(UnicodeEncodeError):  # if raised, the column keeps its objects
            frame[name] = frame[name].infer_objects()
    return frame


def _metadata_keys(metadata: Any) -> tuple[str, ...]:
    """The metadata keys to write as columns: distinct non-blank text, no interaction column."""
    if isinstance(metadata, str) or not isinstance(metadata, Sequence):
        raise InvalidInputError("metadata", metadata, "a sequence of metadata keys")
    keys = tuple(metadata)
    for key in keys:
        if not isinstance(key, str) or is_blank(key) or key in INTERACTION_COLUMNS:
            raise InvalidInputError(
                "metadata", key, "a non-blank key that is not an interaction column"
            )
    if len(set(keys)) != len(keys):
        raise InvalidInputError("metadata", list(keys), "distinct keys")
    return keys
