// The 2D view transform shared by the heatmap and bars widgets (see view2d.h).
#include "view2d.h"
#include <glm/common.hpp>
#include <cmath>

namespace ga::app {

bool View2D::fits() const {
    const glm::dvec2 s = span(), b = bmax - bmin;
    return s.x >= b.x - 1e-9 && (lock_y || s.y >= b.y - 1e-9);
}

void View2D::clamp() {
    const glm::dvec2 b = bmax - bmin;
    if (b.x <= 0 || b.y <= 0) { lo = bmin; hi = bmax; return; }
    glm::dvec2 s = glm::clamp(span(), glm::min(b, min_span), b);
    if (lock_y) s.y = b.y;
    glm::dvec2 c = 0.5 * (lo + hi);
    c = glm::clamp(c, bmin + 0.5 * s, bmax - 0.5 * s);
    lo = c - 0.5 * s;
    hi = c + 0.5 * s;
}

void View2D::zoom(double f, glm::dvec2 anchor) {
    if (!(f > 0) || !std::isfinite(f)) return;
    anchor = glm::clamp(anchor, glm::dvec2(0), glm::dvec2(1));
    glm::dvec2 scale(f, lock_y ? 1.0 : f);
    const glm::dvec2 p = lo + anchor * span();   // the cell that stays under the anchor
    const glm::dvec2 s = span() / scale;
    lo = p - anchor * s;
    hi = lo + s;
    clamp();
}

void View2D::pan(glm::dvec2 d) {
    if (lock_y) d.y = 0;
    lo += d;
    hi += d;
    clamp();
}

glm::dvec2 screen_to_cell(const View2D& v, const ScreenRect& r, glm::vec2 p) {
    const glm::dvec2 size = glm::max(glm::dvec2(r.size()), glm::dvec2(1e-6));
    return v.lo + (glm::dvec2(p) - glm::dvec2(r.min)) / size * v.span();
}

glm::vec2 cell_to_screen(const View2D& v, const ScreenRect& r, glm::dvec2 c) {
    const glm::dvec2 span = glm::max(v.span(), glm::dvec2(1e-12));
    return glm::vec2(glm::dvec2(r.min) + (c - v.lo) / span * glm::dvec2(r.size()));
}

glm::vec2 pixels_per_cell(const View2D& v, const ScreenRect& r) {
    return glm::vec2(glm::dvec2(r.size()) / glm::max(v.span(), glm::dvec2(1e-12)));
}

bool cell_at(const View2D& v, const ScreenRect& r, glm::vec2 p, int cols, int rows, int* col, int* row) {
    if (!r.contains(p) || cols <= 0 || rows <= 0) return false;
    const glm::dvec2 c = glm::floor(screen_to_cell(v, r, p));
    *col = glm::clamp(int(c.x), 0, cols - 1);
    *row = glm::clamp(int(c.y), 0, rows - 1);
    return true;
}

void zoom_at_screen(View2D& v, const ScreenRect& r, double f, glm::vec2 p) {
    if (r.empty()) return;
    v.zoom(f, (glm::dvec2(p) - glm::dvec2(r.min)) / glm::dvec2(r.size()));
}

void pan_screen(View2D& v, const ScreenRect& r, glm::vec2 d_px) {
    if (r.empty()) return;
    v.pan(-glm::dvec2(d_px) / glm::dvec2(r.size()) * v.span());
}

int nice_step(double cells, float px, float min_px) {
    const double want = cells * min_px / std::max(1.0f, px);
    int step = 1;
    for (int k = 0; k < 9; k++)
        for (int m : {1, 2, 5}) {
            step = m * int(std::pow(10, k));
            if (step >= want) return step;
        }
    return step;
}

std::vector<int> tick_cells(double lo, double hi, float px, float min_px) {
    std::vector<int> out;
    if (!(hi > lo)) return out;
    const int step = nice_step(hi - lo, px, min_px);
    for (long long c = (long long)std::ceil(lo / step) * step; c < hi && out.size() < 1000; c += step) out.push_back(int(c));
    return out;
}

} // namespace ga::app
