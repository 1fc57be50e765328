"""The pairing network: places as nodes, pairings as edges with the documents behind them."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from analytics.corpus import Corpus
from analytics.corpus.yamlio import number_order


def pairing_network(corpus: Corpus, programmes: Collection[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, edges): every pairing of the registry, or with `programmes` those the chosen documents establish or name
    (a walk: the overview of 上海—三明 alone, "1 pairing" in its figures, drew every pairing of the corpus).

    nodes: place_id, zh, en, level, lat, lon, role ("helper", "recipient" or "both").
    edges: pairing_id, helper, recipient, type, documents (programme ids, in the corpus and chosen, that establish
    or name it), programmes (those whose own pairing it is), note.
    """
    chosen = corpus.programmes if programmes is None else corpus.programmes[corpus.programmes.programme_id.isin(programmes)]
    in_corpus = set(chosen.programme_id)
    own = chosen.groupby("pairing_id").programme_id.agg(tuple)
    edges = corpus.pairings.assign(
        documents=corpus.pairings.named_in.map(lambda ids: tuple(i for i in ids if i in in_corpus)),
        programmes=corpus.pairings.pairing_id.map(own).map(lambda v: v if isinstance(v, tuple) else ()),
    )[["pairing_id", "helper", "recipient", "type", "documents", "programmes", "note"]]
    if programmes is not None:
        edges = edges[(edges.documents.map(len) > 0) | (edges.programmes.map(len) > 0)].reset_index(drop=True)
    helpers, recipients = set(edges.helper), set(edges.recipient)
    nodes = corpus.places[corpus.places.place_id.isin(helpers | recipients)].copy()
    nodes["role"] = nodes.place_id.map(
        lambda p: "both" if p in helpers and p in recipients else "helper" if p in helpers else "recipient"
    )
    return nodes[["place_id", "zh", "en", "level", "lat", "lon", "role"]].reset_index(drop=True), edges


def document_timeline(corpus: Corpus, programmes: Collection[str] | None = None) -> pd.DataFrame:
    """Programmes in date order, those of one date by id with numbers in number order (…-2 before …-10); undated
    ones last with their date note."""
    columns = ["programme_id", "short_zh", "short_en", "issued", "date_note", "status", "pairing_id",
               "cooperation_type", "level", "reconstructed"]
    frame = corpus.programmes if programmes is None else corpus.programmes[corpus.programmes.programme_id.isin(programmes)]
    # The same date came out in no particular order (a walk at 100×: …·1, …·99, …·28, …·3).
    by_id = frame[columns].iloc[sorted(range(len(frame)), key=lambda i: number_order(frame.programme_id.iat[i]))]
    return by_id.sort_values("issued", na_position="last", kind="stable").reset_index(drop=True)
