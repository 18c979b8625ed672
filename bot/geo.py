"""Distances on the earth's surface and the nearest points to a point.

`distance_km` is the haversine distance. `PointIndex(items)` holds items that have `latitude`
and `longitude` and answers `nearest(lat, lon, count)` with one vectorised haversine over all of
them (numpy): about 0.1 ms over 10,000 points. `centre_index(content)` is the index of a content
snapshot's centres, built once and kept with the snapshot.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import numpy as np

if TYPE_CHECKING:
    from .content.snapshot import CentreInfo, Content

EARTH_RADIUS_KM = 6371.0088


class Located(Protocol):
    """Anything with a position in degrees."""

    @property
    def latitude(self) -> float: ...
    @property
    def longitude(self) -> float: ...


T = TypeVar("T", bound=Located)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class PointIndex(Generic[T]):
    """Items with `latitude` and `longitude`, for nearest-first queries."""

    def __init__(self, items: Iterable[T]) -> None:
        self.items = list(items)
        self._lat = np.radians(np.array([i.latitude for i in self.items], dtype=np.float64))
        self._lon = np.radians(np.array([i.longitude for i in self.items], dtype=np.float64))
        self._cos_lat = np.cos(self._lat)

    def nearest(self, lat: float, lon: float, count: int = 3) -> list[tuple[float, T]]:
        """The count items nearest to (lat, lon) as (km, item), nearest first (ties in the
        order the items were given)."""
        count = min(count, len(self.items))
        if count <= 0:
            return []
        lat_r, lon_r = math.radians(lat), math.radians(lon)
        a = (
            np.sin((self._lat - lat_r) / 2) ** 2
            + math.cos(lat_r) * self._cos_lat * np.sin((self._lon - lon_r) / 2) ** 2
        )
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
        chosen = np.sort(np.argpartition(km, count - 1)[:count]) if count < len(km) else np.arange(len(km))
        chosen = chosen[np.argsort(km[chosen], kind="stable")]
        return [(float(km[i]), self.items[i]) for i in chosen]


def centre_index(content: Content) -> PointIndex[CentreInfo]:
    """The index of content's centres, built on first use and kept with the snapshot."""
    return content.cached("centre_index", lambda c: PointIndex(c.centres.values()))
