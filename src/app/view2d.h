// The 2D view transform the heatmap and the bars widgets share (heatmap.cpp, bars.cpp): which
// cells of a grid are visible, zoom about a point, pan, the mapping between cells and the screen
// rectangle of the widget, "nice" tick positions, and tap-to-read for touch screens (no hover: a
// tap on a cell keeps its value on screen until the next tap elsewhere). Pure arithmetic on GLM
// vectors, no ImGui call, so tests/unit checks it directly.
#pragma once
#include <glm/vec2.hpp>
#include <vector>

namespace ga::app {

// The visible cells [lo, hi) (x = column, y = row) inside the cells that may be shown [bmin, bmax)
// (the whole matrix, or a column range of it such as "only K" of W_QKV).
struct View2D {
    glm::dvec2 lo{0, 0}, hi{0, 0};
    glm::dvec2 bmin{0, 0}, bmax{0, 0};
    glm::dvec2 min_span{2, 2};   // the deepest zoom shows this many cells (fewer if the grid is smaller)
    bool lock_y = false;         // bars: rows are one band that never zooms or pans

    void set_bounds(glm::dvec2 a, glm::dvec2 b) { bmin = a; bmax = b; }
    void reset() { lo = bmin; hi = bmax; }                 // show everything
    bool valid() const { return hi.x > lo.x && hi.y > lo.y; }
    bool fits() const;                                     // everything is visible
    glm::dvec2 span() const { return hi - lo; }
    void clamp();                                          // inside the bounds, within the zoom limits
    void zoom(double f, glm::dvec2 anchor);                // f > 1 zooms in; anchor: fraction of the view (0..1) kept still
    void pan(glm::dvec2 cells);                            // moves the view by this many cells
};

// A widget's rectangle on the screen (pixels).
struct ScreenRect {
    glm::vec2 min{0, 0}, max{0, 0};
    glm::vec2 size() const { return max - min; }
    bool contains(glm::vec2 p) const { return p.x >= min.x && p.x < max.x && p.y >= min.y && p.y < max.y; }
    bool empty() const { return max.x <= min.x || max.y <= min.y; }
};

glm::dvec2 screen_to_cell(const View2D& v, const ScreenRect& r, glm::vec2 p);   // fractional cell coordinates
glm::vec2 cell_to_screen(const View2D& v, const ScreenRect& r, glm::dvec2 c);    // top-left corner of cell c
glm::vec2 pixels_per_cell(const View2D& v, const ScreenRect& r);
// The cell under screen point p (false outside the rectangle); *col/*row within [0, cols/rows).
bool cell_at(const View2D& v, const ScreenRect& r, glm::vec2 p, int cols, int rows, int* col, int* row);
void zoom_at_screen(View2D& v, const ScreenRect& r, double f, glm::vec2 p);    // keeps the cell under p under p
void pan_screen(View2D& v, const ScreenRect& r, glm::vec2 d_px);               // the content follows a drag of d_px

// Index labels every 1, 2 or 5 × 10^k cells, at least min_px apart on an axis px pixels long.
int nice_step(double cells, float px, float min_px);
// The labelled cells in [lo, hi): multiples of nice_step.
std::vector<int> tick_cells(double lo, double hi, float px, float min_px);

// Tap-to-read: with no hover (touch), a tap on a cell shows its value until the next tap
// elsewhere (another cell shows that one instead; a tap outside the widget hides it).
struct TapRead {
    bool shown = false;
    int row = -1, col = -1;
    void tap_cell(int r, int c) { shown = true; row = r; col = c; }
    void tap_outside() { shown = false; row = col = -1; }
};

} // namespace ga::app
