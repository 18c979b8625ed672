"""Distances, nearest centres, and locale-aware dates and weekday names."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from bot.geo import PointIndex, distance_km
from bot.i18n import LANGUAGES, Texts


def test_distance_between_known_cities():
    # Johannesburg to Cape Town is about 1,265 km in a straight line.
    assert 1240 < distance_km(-26.2041, 28.0473, -33.9249, 18.4241) < 1290
    assert distance_km(-27.43, 32.07, -27.43, 32.07) == 0


def test_nearest_orders_by_distance_and_limits_the_count():
    points = [
        SimpleNamespace(name=n, latitude=lat, longitude=lon)
        for n, lat, lon in [("far", -34.0, 18.4), ("near", -27.5, 32.0), ("mid", -29.8, 31.0)]
    ]
    found = PointIndex(points).nearest(-27.43, 32.07, 2)
    assert [p.name for _km, p in found] == ["near", "mid"]
    assert found[0][0] < found[1][0]


def test_the_point_index_agrees_with_the_distance_of_every_point():
    import random

    rng = random.Random(3)
    points = [SimpleNamespace(n=i, latitude=rng.uniform(-35, -22), longitude=rng.uniform(16, 33)) for i in range(3000)]
    index = PointIndex(points)
    for _ in range(50):
        lat, lon = rng.uniform(-36, -20), rng.uniform(15, 34)
        expected = sorted((distance_km(lat, lon, p.latitude, p.longitude), p.n) for p in points)[:5]
        got = [(km, p.n) for km, p in index.nearest(lat, lon, 5)]
        assert [n for _km, n in got] == [n for _km, n in expected]
        assert all(abs(a - b) < 1e-6 for (a, _), (b, _) in zip(got, expected, strict=True))
    assert PointIndex([]).nearest(0, 0, 3) == [] and len(index.nearest(0, 0, 5000)) == 3000


def test_dates_use_south_african_conventions_and_every_language_formats(tmp_path):
    assert Texts("en", str(tmp_path)).date(dt.date(2026, 12, 8)) == "Tuesday, 08 December 2026"
    assert Texts("af", str(tmp_path)).date(dt.date(2026, 12, 8)) == "Dinsdag 08 Desember 2026"
    for code in LANGUAGES:
        texts = Texts(code, str(tmp_path))
        assert "2026" in texts.date(dt.date(2026, 12, 8))
        assert texts.weekday("mon")


def test_unknown_language_falls_back_to_english(tmp_path):
    assert Texts("fr", str(tmp_path)).lang == "en"
