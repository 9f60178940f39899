#!/usr/bin/env python3
"""Builds overview_ceded.gmt: the land east of the Ussuri ceded by China to
Russia in the Convention of Peking (1860), inside the overview box.

Its edges, as the convention's first article describes them: down the Amur
from the Ussuri mouth (to the box's north edge at 51 N), the sea coast south
to the Tumen, the land border from the Tumen (20 li above its mouth) north
to Lake Khanka, across the lake to the Songacha, up the Songacha and the
Ussuri. Amur, Ussuri and Songacha come from overview_paths.gmt, the coast
from overview_land.gmt (GSHHG); the land border is six hand-placed points
along today's border, which the 1861 demarcation fixed (good to about
10-20 km: 1-2 pt on the overview). Run from sources/geo/:
  python3 make_ceded.py > overview_ceded.gmt
"""
import math


def segments(path):
    segs, cur = [], None
    for line in open(path):
        if line.startswith('#'):
            continue
        if line.startswith('>'):
            cur = [line[1:].split(), []]
            segs.append(cur)
            continue
        x, y = map(float, line.split()[:2])
        cur[1].append((x, y))
    return segs


def named(segs, name):
    return next(p for h, p in segs if 'name=' + name in h)


def nearest(pts, q):
    return min(range(len(pts)), key=lambda i: math.hypot(pts[i][0] - q[0], pts[i][1] - q[1]))


paths = segments('overview_paths.gmt')
amur, ussuri, songacha = named(paths, 'Amur'), named(paths, 'Ussuri'), named(paths, 'Songacha')
land = next(p for h, p in segments('overview_land.gmt') if 'id=1' in h)

ring = []
# the Amur from the Ussuri mouth down to the box edge
ring += amur[nearest(amur, ussuri[-1]):]
# along 51 N to the coast, then the coast south to the Tumen mouth: the
# mainland ring is counter-clockwise (land on its left), so this stretch
# runs backwards in it
top = nearest(land, (140.64, 51.0))
tumen = nearest(land, (130.69, 42.29))
coast = land[tumen:top + 1] if tumen <= top else land[tumen:] + land[:top + 1]
ring += coast[::-1]
# the land border, Tumen to Lake Khanka's west shore
ring += [(130.64, 42.42), (130.66, 42.75), (130.80, 42.95), (131.10, 43.40),
         (131.25, 44.00), (131.25, 44.40), (131.60, 44.80), (131.98, 45.22)]
# across the lake to the Songacha, then the Songacha and the Ussuri down
# to the Amur
ring += songacha + ussuri[1:]
if ring[0] != ring[-1]:
    ring.append(ring[0])
a = sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1))
if a < 0:
    ring.reverse()
print('# the territory east of the Ussuri ceded to Russia by the Convention of Peking (1860),')
print('# clipped to the overview box; made by make_ceded.py from overview_paths.gmt, overview_land.gmt')
print('# (GSHHG 2.3.7 / WDBII, LGPL-3+) and a hand-placed land border (approximate, 10-20 km)')
print('> ceded id=1 to=Russia year=1860')
for x, y in ring:
    print('%.3f %.3f' % (x, y))
