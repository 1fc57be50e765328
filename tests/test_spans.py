"""Joining character ranges (analytics/spans.py), the cases worked out by hand."""

import pytest

from analytics.spans import merge_spans


@pytest.mark.parametrize(
    "spans, expected",
    [
        ([], []),
        ([(3, 5)], [(3, 5)]),
        ([(6, 8), (0, 2)], [(0, 2), (6, 8)]),  # sorted
        ([(0, 4), (2, 6)], [(0, 6)]),  # overlapping
        ([(0, 2), (2, 4)], [(0, 4)]),  # touching: one highlight, not two
        ([(0, 10), (2, 4)], [(0, 10)]),  # inside another
        ([(0, 2), (1, 3), (2, 4), (8, 9)], [(0, 4), (8, 9)]),  # a run of sliding pieces, then a gap
    ],
)
def test_merge_spans(spans, expected):
    assert merge_spans(spans) == expected
