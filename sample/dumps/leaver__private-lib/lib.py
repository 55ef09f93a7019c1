"""Small geometry helpers used by the private application."""

import math


def distance(a, b):
    """Euclidean distance between two points given as (x, y) tuples."""
    return math.hypot(a[0] - b[0], a[1] - b[1])


def polygon_area(points):
    """Shoelace formula: area of a simple polygon given by its vertices in order."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2.0


def centroid(points):
    """Arithmetic mean of the vertices: good enough for labels on a map."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return sum(xs) / len(xs), sum(ys) / len(ys)
