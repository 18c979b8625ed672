"""Distances on the earth's surface and the nearest centres to a point."""
from __future__ import annotations

import heapq
import math
from typing import Iterable, TypeVar

EARTH_RADIUS_KM = 6371.0088
T = TypeVar("T")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def nearest(lat: float, lon: float, items: Iterable[T], count: int = 3) -> list[tuple[float, T]]:
    """The count items nearest to (lat, lon) as (km, item), nearest first.

    Each item must have `latitude` and `longitude` attributes.
    """
    return heapq.nsmallest(count, ((distance_km(lat, lon, i.latitude, i.longitude), i) for i in items),
                           key=lambda pair: pair[0])
