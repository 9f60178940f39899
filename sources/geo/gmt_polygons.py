#!/usr/bin/env python3
"""Turns `gmt coast -W -M` shoreline pieces into closed land polygons.

Used once to make hongkong_land.gmt and hongkong_coast.gmt (the Hong Kong
inset needs full resolution: Hong Kong Island, 78 km2, is below the
overview's 100 km2 threshold). Needs Debian's gmt and gmt-gshhg-full;
nothing in the build or the tests runs it.

  gmt coast -R113.95/114.40/22.15/22.45 -Df -W -A0/1/1 -M > pieces.txt
  python3 gmt_polygons.py 113.95 114.40 22.15 22.45 0.0004 0.05 \
      pieces.txt hongkong_land.gmt hongkong_coast.gmt

Steps: pieces that GMT split at its 1-degree bins are joined end to end;
chains still open end on the box and are closed by walking the box
counter-clockwise (GSHHG shorelines keep land on their left); rings are
simplified (Douglas-Peucker, tolerance in degrees), rings under the minimum
area (km2) dropped, and every ring made counter-clockwise.
"""
import math
import sys

W, E, S, N, TOL, MINKM2 = map(float, sys.argv[1:7])
SRC, LAND, COAST = sys.argv[7:10]
EPS = 1e-7


def read(path):
    segs, cur = [], None
    for line in open(path):
        if line.startswith('#'):
            continue
        if line.startswith('>'):
            cur = []
            segs.append(cur)
            continue
        x, y = map(float, line.split()[:2])
        cur.append((x, y))
    return [s for s in segs if len(s) > 1]


def same(a, b):
    return abs(a[0] - b[0]) < EPS and abs(a[1] - b[1]) < EPS


def join(segs):
    rings = [s for s in segs if same(s[0], s[-1])]
    open_ = [list(s) for s in segs if not same(s[0], s[-1])]
    merged = True
    while merged:
        merged = False
        for i, a in enumerate(open_):
            for j, b in enumerate(open_):
                if i != j and same(a[-1], b[0]):
                    a.extend(b[1:])
                    del open_[j]
                    merged = True
                    break
            if merged:
                break
    still = []
    for s in open_:
        (rings if same(s[0], s[-1]) else still).append(s)
    return rings, still


def perim(p):
    """Position of a box-edge point along the box boundary, counter-
    clockwise from the south-west corner."""
    x, y = p
    w, h = E - W, N - S
    if abs(y - S) < EPS:
        return x - W
    if abs(x - E) < EPS:
        return w + (y - S)
    if abs(y - N) < EPS:
        return w + h + (E - x)
    if abs(x - W) < EPS:
        return 2 * w + h + (N - y)
    raise SystemExit('chain end not on the box: %r' % (p,))


def corner_walk(t0, t1):
    """Box corners passed walking counter-clockwise from t0 to t1."""
    w, h = E - W, N - S
    corners = [(w, (E, S)), (w + h, (E, N)), (2 * w + h, (W, N)),
               (2 * w + 2 * h, (W, S))]
    total = 2 * w + 2 * h
    d = (t1 - t0) % total
    out = []
    for k in range(2):
        for t, c in corners:
            tt = t + k * total
            if t0 < tt < t0 + d:
                out.append((tt, c))
    return [c for _, c in sorted(out)]


def close_on_box(chains):
    rings = []
    todo = list(chains)
    while todo:
        ring = list(todo.pop(0))
        while True:
            t_end = perim(ring[-1])
            total = 2 * (E - W) + 2 * (N - S)
            # the next chain start (or this ring's own start) met walking
            # counter-clockwise from the end
            best, bd = None, None
            cands = [(-1, ring[0])] + [(i, c[0]) for i, c in enumerate(todo)]
            for i, p in cands:
                d = (perim(p) - t_end) % total
                if bd is None or d < bd:
                    best, bd = i, d
            ring.extend(corner_walk(t_end, t_end + bd))
            if best == -1:
                ring.append(ring[0])
                break
            ring.extend(todo.pop(best))
        rings.append(ring)
    return rings


def dp(pts, tol):
    if len(pts) < 3:
        return pts
    a, b = pts[0], pts[-1]
    dx, dy = b[0] - a[0], b[1] - a[1]
    L = math.hypot(dx, dy)
    best, bi = -1, 0
    for i in range(1, len(pts) - 1):
        px, py = pts[i][0] - a[0], pts[i][1] - a[1]
        d = abs(px * dy - py * dx) / L if L else math.hypot(px, py)
        if d > best:
            best, bi = d, i
    if best <= tol:
        return [a, b]
    return dp(pts[:bi + 1], tol)[:-1] + dp(pts[bi:], tol)


def simplify_ring(r, tol):
    # split at the point farthest from the first so DP keeps a polygon
    far = max(range(len(r)), key=lambda i: math.hypot(r[i][0] - r[0][0], r[i][1] - r[0][1]))
    return dp(r[:far + 1], tol)[:-1] + dp(r[far:], tol)


def area_km2(r):
    lat = sum(p[1] for p in r) / len(r)
    kx = 111.32 * math.cos(math.radians(lat))
    a = 0.0
    for i in range(len(r) - 1):
        a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1]
    return a / 2 * kx * 111.32


def on_box_edge(a, b):
    return ((abs(a[0] - b[0]) < EPS and (abs(a[0] - W) < EPS or abs(a[0] - E) < EPS)) or
            (abs(a[1] - b[1]) < EPS and (abs(a[1] - S) < EPS or abs(a[1] - N) < EPS)))


segs = read(SRC)
rings, chains = join(segs)
rings += close_on_box(chains)
out = []
for r in rings:
    s = simplify_ring(r, TOL)
    if len(s) < 4:
        continue
    a = area_km2(s)
    if abs(a) < MINKM2:
        continue
    if a < 0:
        s.reverse()
    out.append((abs(a), s))
out.sort(key=lambda t: -t[0])
hdr = ('# source: GSHHG 2.3.7 (LGPL-3+, Debian gmt-gshhg-full), res=f, box=%g/%g/%g/%g, '
       'Douglas-Peucker tol=%gdeg, islands >= %g km2; made by gmt_polygons.py\n'
       % (W, E, S, N, TOL, MINKM2))
with open(LAND, 'w') as f:
    f.write('# land polygons (modern shoreline: Victoria Harbour reclamation, Kai Tak)\n' + hdr)
    for k, (a, s) in enumerate(out, 1):
        f.write('> land id=%d km2=%.1f\n' % (k, a))
        for x, y in s:
            f.write('%.4f %.4f\n' % (x, y))
with open(COAST, 'w') as f:
    f.write('# coastline polylines (the land outline without the box edges)\n' + hdr)
    k = 0
    for a, s in out:
        cur = [s[0]]
        pieces = []
        for i in range(1, len(s)):
            if on_box_edge(s[i - 1], s[i]):
                if len(cur) > 1:
                    pieces.append(cur)
                cur = [s[i]]
            else:
                cur.append(s[i])
        if len(cur) > 1:
            pieces.append(cur)
        for p in pieces:
            k += 1
            f.write('> coast id=%d\n' % k)
            for x, y in p:
                f.write('%.4f %.4f\n' % (x, y))
