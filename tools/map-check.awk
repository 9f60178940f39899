# map-check.awk — the map check: reads a trace (`booklet build --trace FILE`) and the
# warnings of the same build, and tests every map page as a cartographer would:
#
#   - every label (the glyph runs inside a map's frame, outside its legend, grouped into
#     labels by their lines) against every line feature (route, rivers, waterways, coast,
#     walls, shaded edges, inset extents, frames, the legend box), every point symbol and
#     route arrow, and every other label;
#   - every label has its halo (a path named "halo" drawn before its runs);
#   - no part of the main map's route, and none of its symbols, under an inset;
#   - no route arrow inside an inset's extent on the main map.
#
#   - every leader (a path named "leader": the thin line from a label set apart to its
#     symbol, drawn just before that label's runs) against the route, every other
#     leader, every symbol and route arrow, and every label but its own: a label's own
#     leader is not a crossing, a leader across the route, another label or a symbol
#     is a failure (a leader may cross a wall, river or coast: an outline).
#
# A label crossing a line is allowed only when the build said so: a warning
# `the label of ID ("FIRST LINE") crosses a line` (docs/DIAGNOSTICS.md). Every other
# finding is a failure. Line features, symbols and arrows are the paths the map names
# (bk_path.feature, printed by the trace as `feature=NAME` with their points on a `d` line).
#
# Usage: awk -v warnings=FILE -f tools/map-check.awk TRACE
# Prints one line per failure ("map-check: page N: ..."), then "map-check: P map pages,
# L labels, C crossings (all reported)"; exits 1 on any failure, 2 when the trace holds
# no map page.
#
# Glyph boxes are the ink of Latin and CJK text at its smallest (0.18 em below the
# baseline, 0.70 em above, 0.2 pt in from each end): a line through the letters is found,
# a line in the padding the labeller keeps is not.

function min(a, b) { return a < b ? a : b }
function orient(ax, ay, bx, by, cx, cy,    v) { v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax); return v > 0 ? 1 : v < 0 ? -1 : 0 }
# 1 if the segments a-b and c-d cross (touching ends do not count)
function seg_seg(ax, ay, bx, by, cx, cy, dx, dy) {
    return orient(ax, ay, bx, by, cx, cy) * orient(ax, ay, bx, by, dx, dy) < 0 &&
           orient(cx, cy, dx, dy, ax, ay) * orient(cx, cy, dx, dy, bx, by) < 0
}
function max(a, b) { return a > b ? a : b }
function abs(a) { return a < 0 ? -a : a }

# Liang–Barsky: 1 if the segment (ax,ay)-(bx,by) meets the box x0 y0 x1 y1.
function seg_box(ax, ay, bx, by, x0, y0, x1, y1,    t0, t1, dx, dy, p, q, r, i) {
    t0 = 0; t1 = 1; dx = bx - ax; dy = by - ay
    for (i = 0; i < 4; i++) {
        if (i == 0) { p = -dx; q = ax - x0 }
        if (i == 1) { p = dx;  q = x1 - ax }
        if (i == 2) { p = -dy; q = ay - y0 }
        if (i == 3) { p = dy;  q = y1 - ay }
        if (p == 0) { if (q < 0) return 0; continue }
        r = q / p
        if (p < 0) { if (r > t1) return 0; if (r > t0) t0 = r }
        else       { if (r < t0) return 0; if (r < t1) t1 = r }
    }
    return 1
}

function unquote(s,    out, i, c) {
    out = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "\\") { i++; c = substr(s, i, 1) }
        out = out c
    }
    return out
}

function reset_page() {
    nseg = 0; nsym = 0; nrun = 0; nframe = 0; nlegend = 0; nextent = 0; halos = 0
    mainroute_end = 0; seen_main_frame = 0; nmainsym = 0; narrow = 0
}

# Symbols and arrows: one box per subpath (an arrowhead, a symbol's ring).
function sub_new(kind, x, y) {
    nsym++; sx0[nsym] = x; sy0[nsym] = y; sx1[nsym] = x; sy1[nsym] = y
    skind[nsym] = substr(kind, 2); sview[nsym] = nframe
    if (!seen_main_frame && kind == "-arrow") { narrow++; arx[narrow] = x; ary[narrow] = y }
}
function sub_box(x, y) {
    sx0[nsym] = min(sx0[nsym], x); sy0[nsym] = min(sy0[nsym], y)
    sx1[nsym] = max(sx1[nsym], x); sy1[nsym] = max(sy1[nsym], y)
}

# Adds the segments of a path's d line (curves by their control polygons).
function add_path(kind, line,    n, f, i, op, cx, cy, sx, sy, bx0, by0, bx1, by1, k, x, y) {
    n = split(line, f, " ")
    bx0 = 1e9; by0 = 1e9; bx1 = -1e9; by1 = -1e9
    for (i = 2; i <= n; ) {
        op = f[i++]
        if (op == "M") {
            cx = f[i]; cy = f[i + 1]; sx = cx; sy = cy; i += 2
            if (kind == "-symbol" || kind == "-arrow") sub_new(kind, cx, cy)
        }
        else if (op == "L" || op == "C") {
            for (k = 0; k < (op == "C" ? 3 : 1); k++) {
                x = f[i]; y = f[i + 1]; i += 2
                seg_kind[++nseg] = kind; ax[nseg] = cx; ay[nseg] = cy; bx[nseg] = x; by[nseg] = y
                seg_main[nseg] = !seen_main_frame; seg_view[nseg] = nframe; seg_owner[nseg] = nrun + 1
                if (kind == "-symbol" || kind == "-arrow") sub_box(x, y)
                cx = x; cy = y
            }
        } else if (op == "Z") {
            seg_kind[++nseg] = kind; ax[nseg] = cx; ay[nseg] = cy; bx[nseg] = sx; by[nseg] = sy
            seg_main[nseg] = !seen_main_frame; seg_view[nseg] = nframe; seg_owner[nseg] = nrun + 1
            cx = sx; cy = sy
        }
        bx0 = min(bx0, cx); by0 = min(by0, cy); bx1 = max(bx1, cx); by1 = max(by1, cy)
    }
    px0 = bx0; py0 = by0; px1 = bx1; py1 = by1
}

# The page's findings.
function check_page(    i, j, k, v, a, c, s, lx0, ly0, lx1, ly1, hit, name, kinds, found, inf, ok) {
    if (!nframe) return
    pages++
    # leaders are drawn with the labels, after the frames: their view is the
    # last inset holding their start, else the main map
    for (k = 1; k <= nseg; k++) if (seg_kind[k] == "leader") {
        seg_view[k] = 0
        for (j = 2; j <= nframe; j++)
            if (ax[k] > fx0[j] && ax[k] < fx1[j] && ay[k] > fy0[j] && ay[k] < fy1[j]) seg_view[k] = j - 1
    }
    # the main frame is the first frame drawn; labels are runs inside it, outside the legend
    for (i = 1; i <= nrun; i++) {
        inf = rx[i] > fx0[1] && rx[i] < fx1[1] && ry[i] > fy0[1] && ry[i] < fy1[1]
        for (k = 1; k <= nlegend; k++)
            if (rx[i] >= gx0[k] && rx[i] <= gx1[k] && ry[i] >= gy0[k] && ry[i] <= gy1[k]) inf = 0
        lab[i] = inf ? i : 0
        if (inf && !rhalo[i]) fail("the label line \"" rt[i] "\" has no halo")
    }
    # lines of one label: stacked within 3 pt and aligned (left, right or centre)
    for (i = 1; i <= nrun; i++) for (j = i + 1; j <= nrun; j++) {
        if (!lab[i] || !lab[j] || ra[i] != 0 || ra[j] != 0) continue
        if (max(y0[i], y0[j]) - min(y1[i], y1[j]) < 3.0 &&
            (abs(rx[i] - rx[j]) < 0.15 || abs(rx[i] + rw[i] - rx[j] - rw[j]) < 0.15 ||
             abs(2 * rx[i] + rw[i] - 2 * rx[j] - rw[j]) < 0.3)) {
            a = root(i); c = root(j)
            if (a != c) lab[max(a, c)] = min(a, c)
        }
    }
    for (i = 1; i <= nrun; i++) if (lab[i]) labels++
    for (i = 1; i <= nrun; i++) {
        if (!lab[i]) continue
        name = rt[root(i)]
        # the view it is in: the last inset holding it, else the main map
        v = 0
        for (k = 2; k <= nframe; k++)
            if (rx[i] > fx0[k] && rx[i] < fx1[k] && ry[i] > fy0[k] && ry[i] < fy1[k]) v = k - 1
        c = cos(ra[i] * 3.14159265358979 / 180); s = sin(ra[i] * 3.14159265358979 / 180)
        lx0 = 0.2; lx1 = rw[i] - 0.2; ly0 = -0.18 * rs[i]; ly1 = 0.70 * rs[i]
        kinds = ""
        for (k = 1; k <= nseg; k++) {
            # lines of its own view (those under an inset are hidden), and the
            # frames, extents and legend of every view
            if (seg_view[k] != v && seg_kind[k] != "frame" && seg_kind[k] != "extent" &&
                seg_kind[k] != "legend")
                continue
            # its own leader (drawn just before its first run) is not a crossing
            if (seg_kind[k] == "leader" && seg_owner[k] <= nrun && lab[seg_owner[k]] &&
                root(seg_owner[k]) == root(i))
                continue
            # into the run's own frame (origin at its pen, x along its baseline)
            if (seg_box((ax[k] - rx[i]) * c + (ay[k] - ry[i]) * s, -(ax[k] - rx[i]) * s + (ay[k] - ry[i]) * c,
                        (bx[k] - rx[i]) * c + (by[k] - ry[i]) * s, -(bx[k] - rx[i]) * s + (by[k] - ry[i]) * c,
                        lx0, ly0, lx1, ly1))
                if (index(kinds, seg_kind[k]) == 0) kinds = kinds (kinds == "" ? "" : ",") seg_kind[k]
        }
        if (kinds != "") {
            if (!(pg SUBSEP name in crossed)) { crossed[pg SUBSEP name] = 1; crossings++ }
            if (!reported(name))
                fail("the label \"" name "\" (line \"" rt[i] "\") crosses " kinds " and the build did not report it")
        }
        for (k = 1; k <= nsym; k++)
            if (sview[k] == v && run_meets(i, sx0[k], sy0[k], sx1[k], sy1[k]))
                fail("the label line \"" rt[i] "\" covers a " skind[k])
        # other labels (a rotated one by its page box: conservative)
        for (j = i + 1; j <= nrun; j++)
            if (lab[j] && root(j) != root(i) &&
                (ra[j] == 0 ? run_meets(i, x0[j], y0[j], x1[j], y1[j]) : run_meets(j, x0[i], y0[i], x1[i], y1[i])))
                fail("the labels \"" rt[i] "\" and \"" rt[j] "\" overlap")
    }
    # leaders: clear of the route, other leaders, symbols and arrows (labels: above)
    for (k = 1; k <= nseg; k++) {
        if (seg_kind[k] != "leader") continue
        nleaders++
        name = seg_owner[k] <= nrun && lab[seg_owner[k]] ? rt[root(seg_owner[k])] : "?"
        for (j = 1; j <= nseg; j++)
            if (j != k && seg_view[j] == seg_view[k] && (seg_kind[j] == "route" || seg_kind[j] == "leader") &&
                seg_seg(ax[k], ay[k], bx[k], by[k], ax[j], ay[j], bx[j], by[j]))
                fail("the leader of \"" name "\" crosses a " seg_kind[j])
        for (j = 1; j <= nsym; j++)
            if (sview[j] == seg_view[k] && seg_box(ax[k], ay[k], bx[k], by[k], sx0[j], sy0[j], sx1[j], sy1[j]))
                fail("the leader of \"" name "\" meets a " skind[j])
    }
    # insets (the frames after the first) hide no route and no symbol of the main map
    for (k = 2; k <= nframe; k++) {
        for (j = 1; j <= nseg; j++)
            if (seg_main[j] && seg_kind[j] == "route" &&
                seg_box(ax[j], ay[j], bx[j], by[j], fx0[k] + 1, fy0[k] + 1, fx1[k] - 1, fy1[k] - 1))
                { fail("inset " (k - 1) " covers the main map's route"); break }
        for (j = 1; j <= nmainsym; j++)
            if (msx[j] > fx0[k] && msx[j] < fx1[k] && msy[j] > fy0[k] && msy[j] < fy1[k])
                fail("inset " (k - 1) " covers a place of the main map")
    }
    for (k = 1; k <= nextent; k++) for (j = 1; j <= narrow; j++)
        if (arx[j] > ex0[k] && arx[j] < ex1[k] && ary[j] > ey0[k] && ary[j] < ey1[k])
            fail("a route arrow inside the extent of inset " k " on the main map")
}

function root(i) { while (lab[i] != i) i = lab[i]; return i }

# 1 if run i (rotated or not: in its own frame) meets the page box x0 y0 x1 y1
function run_meets(i, bx0, by0, bx1, by1,    c, s, k, ax_, ay_, bx_, by_, lx0, ly0, lx1, ly1, px, py, qx, qy) {
    if (ra[i] == 0) return x1[i] > bx0 && x0[i] < bx1 && y1[i] > by0 && y0[i] < by1
    c = cos(ra[i] * 3.14159265358979 / 180); s = sin(ra[i] * 3.14159265358979 / 180)
    lx0 = 0.2; lx1 = rw[i] - 0.2; ly0 = -0.18 * rs[i]; ly1 = 0.70 * rs[i]
    if (rx[i] > bx0 && rx[i] < bx1 && ry[i] > by0 && ry[i] < by1) return 1
    for (k = 0; k < 4; k++) {
        ax_ = k == 1 || k == 2 ? bx1 : bx0; ay_ = k >= 2 ? by1 : by0
        bx_ = k == 0 || k == 1 ? bx1 : bx0; by_ = k == 1 || k == 2 ? by1 : by0
        if (k == 3) { bx_ = bx0; by_ = by0 }
        px = (ax_ - rx[i]) * c + (ay_ - ry[i]) * s; py = -(ax_ - rx[i]) * s + (ay_ - ry[i]) * c
        qx = (bx_ - rx[i]) * c + (by_ - ry[i]) * s; qy = -(bx_ - rx[i]) * s + (by_ - ry[i]) * c
        if (seg_box(px, py, qx, qy, lx0, ly0, lx1, ly1)) return 1
    }
    return 0
}

# 1 if a warning of the build named a crossing label whose text holds name
function reported(name,    t) {
    for (t in said) if (index(t, name)) return 1
    return 0
}

function fail(msg) { print "map-check: page " pg ": " msg; failures++ }

BEGIN {
    if (warnings != "")
        while ((getline w < warnings) > 0) {
            k = index(w, "(\"")
            if (k && index(w, "crosses a line")) {
                t = substr(w, k + 2)
                said[substr(t, 1, index(t, "\") crosses a line") - 1)] = 1
            }
        }
    reset_page()
}

/^page / { check_page(); reset_page(); pg = $2; joinable = 0; next }

/^  path / {
    joinable = 0
    feature = ""
    if (match($0, /feature=[a-z]+/)) feature = substr($0, RSTART + 8, RLENGTH - 8)
    if (feature == "halo") { halos++; next }
    pending = feature
    next
}

/^    d / {
    if (pending == "") next
    add_path(pending == "symbol" || pending == "arrow" ? "-" pending : pending, $0)
    if (pending == "symbol" || pending == "arrow") {
        # not a line: drop its segments, keep its boxes (sub_new)
        while (nseg > 0 && seg_kind[nseg] == "-" pending) nseg--
        if (pending == "symbol" && !seen_main_frame) { nmainsym++; msx[nmainsym] = (px0 + px1) / 2; msy[nmainsym] = (py0 + py1) / 2 }
    }
    if (pending == "frame") {
        nframe++; fx0[nframe] = px0; fy0[nframe] = py0; fx1[nframe] = px1; fy1[nframe] = py1
        seen_main_frame = 1
    }
    if (pending == "legend") { nlegend++; gx0[nlegend] = px0; gy0[nlegend] = py0; gx1[nlegend] = px1; gy1[nlegend] = py1 }
    if (pending == "extent") { nextent++; ex0[nextent] = px0; ey0[nextent] = py0; ex1[nextent] = px1; ey1[nextent] = py1 }
    pending = ""
    next
}

/^  glyphs / {
    nrun++
    for (i = 2; i <= NF; i++) {
        if ($i ~ /^size=/) rs[nrun] = substr($i, 6) + 0
        if ($i ~ /^x=/) rx[nrun] = substr($i, 3) + 0
        if ($i ~ /^y=/) ry[nrun] = substr($i, 3) + 0
        if ($i ~ /^w=/) rw[nrun] = substr($i, 3) + 0
    }
    ra[nrun] = 0
    if (match($0, / angle=-?[0-9.]+$/)) ra[nrun] = substr($0, RSTART + 7) + 0
    t = substr($0, index($0, " text=\"") + 7)
    if (ra[nrun] != 0) t = substr(t, 1, length(t) - length(substr($0, RSTART)))
    rt[nrun] = unquote(substr(t, 1, length(t) - 1))
    # a run that goes on where the one before it on this baseline ended is the
    # same line of text (runs are cut where a font or a structure element
    # changes): one run, with the halo of its first piece
    if (joinable && nrun > 1 && ra[nrun] == 0 && ra[nrun - 1] == 0 &&
        abs(ry[nrun] - ry[nrun - 1]) < 0.05 && abs(rx[nrun] - rx[nrun - 1] - rw[nrun - 1]) < 0.3) {
        rw[nrun - 1] = rx[nrun] + rw[nrun] - rx[nrun - 1]
        rs[nrun - 1] = max(rs[nrun - 1], rs[nrun])
        rt[nrun - 1] = rt[nrun - 1] rt[nrun]
        x1[nrun - 1] = rx[nrun - 1] + rw[nrun - 1] - 0.2
        y1[nrun - 1] = ry[nrun - 1] + 0.70 * rs[nrun - 1]
        if (halos > 0) halos--
        nrun--
        next
    }
    joinable = 1
    x0[nrun] = rx[nrun] + 0.2; x1[nrun] = rx[nrun] + rw[nrun] - 0.2
    y0[nrun] = ry[nrun] - 0.18 * rs[nrun]; y1[nrun] = ry[nrun] + 0.70 * rs[nrun]
    rhalo[nrun] = halos > 0
    if (halos > 0) halos--
    next
}

END {
    check_page()
    if (!pages) { print "map-check: no map page in the trace"; exit 2 }
    printf "map-check: %d map pages, %d labels, %d leaders, %d crossings (all reported)\n", pages, labels, nleaders, crossings
    if (failures) { printf "map-check: %d failures\n", failures; exit 1 }
}
