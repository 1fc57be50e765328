"""The pairing network: places as nodes, pairings as edges with the documents behind them."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from analytics.corpus import Corpus


def pairing_network(corpus: Corpus) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, edges).

    nodes: place_id, zh, en, level, lat, lon, role ("helper", "recipient" or "both").
    edges: pairing_id, helper, recipient, type, documents (programme ids in the corpus that establish
    or name it), programmes (those whose own pairing it is), note.
    """
    in_corpus = set(corpus.programmes.programme_id)
    own = corpus.programmes.groupby("pairing_id").programme_id.agg(tuple)
    edges = corpus.pairings.assign(
        documents=corpus.pairings.named_in.map(lambda ids: tuple(i for i in ids if i in in_corpus)),
        programmes=corpus.pairings.pairing_id.map(own).map(lambda v: v if isinstance(v, tuple) else ()),
    )[["pairing_id", "helper", "recipient", "type", "documents", "programmes", "note"]]
    helpers, recipients = set(edges.helper), set(edges.recipient)
    nodes = corpus.places[corpus.places.place_id.isin(helpers | recipients)].copy()
    nodes["role"] = nodes.place_id.map(
        lambda p: "both" if p in helpers and p in recipients else "helper" if p in helpers else "recipient"
    )
    return nodes[["place_id", "zh", "en", "level", "lat", "lon", "role"]].reset_index(drop=True), edges


def document_timeline(corpus: Corpus, programmes: Collection[str] | None = None) -> pd.DataFrame:
    """Programmes in date order; undated ones last with their date note."""
    columns = ["programme_id", "short_zh", "short_en", "issued", "date_note", "status", "pairing_id",
               "cooperation_type", "level", "reconstructed"]
    frame = corpus.programmes if programmes is None else corpus.programmes[corpus.programmes.programme_id.isin(programmes)]
    return frame[columns].sort_values("issued", na_position="last").reset_index(drop=True)
