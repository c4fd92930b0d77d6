// The view transform the heatmap and bars widgets share (src/app/view2d.h), and tap-to-read on a
// touch screen (no hover: a tap keeps a cell's value on screen until the next tap elsewhere).
#include <catch2/catch.hpp>

#include "view2d.h"

using namespace ga::app;

TEST_CASE("view2d: screen <-> cell mapping, zoom about a point, pan, limits", "[view2d]") {
    View2D v;
    v.set_bounds(glm::dvec2(0, 0), glm::dvec2(100, 50));
    v.reset();
    const ScreenRect r{glm::vec2(10, 20), glm::vec2(210, 120)};   // 200 × 100 px: 2 px per cell
    CHECK(v.fits());
    const glm::dvec2 c = screen_to_cell(v, r, glm::vec2(110, 70));
    CHECK(c.x == Approx(50));
    CHECK(c.y == Approx(25));
    CHECK(cell_to_screen(v, r, glm::dvec2(50, 25)).x == Approx(110));
    int col = -1, row = -1;
    REQUIRE(cell_at(v, r, glm::vec2(15, 23), 100, 50, &col, &row));
    CHECK(col == 2);
    CHECK(row == 1);
    CHECK_FALSE(cell_at(v, r, glm::vec2(5, 23), 100, 50, &col, &row));
    // zoom ×4 about a screen point: the cell under it stays under it
    const glm::vec2 p(60, 45);
    const glm::dvec2 before = screen_to_cell(v, r, p);
    zoom_at_screen(v, r, 4.0, p);
    CHECK_FALSE(v.fits());
    CHECK(v.span().x == Approx(25));
    CHECK(v.span().y == Approx(12.5));
    const glm::dvec2 after = screen_to_cell(v, r, p);
    CHECK(after.x == Approx(before.x));
    CHECK(after.y == Approx(before.y));
    // a drag of 20 px right shows cells further left by 20 px worth of cells
    const double lo = v.lo.x;
    pan_screen(v, r, glm::vec2(-20, 0));
    CHECK(v.lo.x == Approx(lo + 20 * 25.0 / 200));
    // never past the edges, never deeper than min_span, never wider than everything
    v.pan(glm::dvec2(-1000, -1000));
    CHECK(v.lo.x == Approx(0));
    CHECK(v.lo.y == Approx(0));
    v.zoom(1e6, glm::dvec2(0.5));
    CHECK(v.span().x == Approx(2));
    v.zoom(1e-6, glm::dvec2(0.5));
    CHECK(v.fits());
    CHECK(v.hi.x == Approx(100));
    // bad factors change nothing
    v.zoom(0, glm::dvec2(0.5));
    v.zoom(NAN, glm::dvec2(0.5));
    CHECK(v.fits());
}

TEST_CASE("view2d: bars lock the rows, and a restricted column range bounds the view", "[view2d]") {
    View2D b;
    b.lock_y = true;
    b.min_span = glm::dvec2(4, 1);
    b.set_bounds(glm::dvec2(0, 0), glm::dvec2(3072, 1));
    b.reset();
    b.zoom(10, glm::dvec2(0, 0.3));
    CHECK(b.span().x == Approx(307.2));
    CHECK(b.lo.x == Approx(0));
    CHECK(b.span().y == Approx(1));
    b.pan(glm::dvec2(100, 5));
    CHECK(b.lo.x == Approx(100));
    CHECK(b.lo.y == Approx(0));
    View2D k;   // "only K" of a W_QKV with C = 64
    k.set_bounds(glm::dvec2(64, 0), glm::dvec2(128, 64));
    k.reset();
    k.pan(glm::dvec2(-500, 0));
    CHECK(k.lo.x == Approx(64));
    CHECK(k.hi.x == Approx(128));
}

TEST_CASE("view2d: ticks at 1, 2, 5 × 10^k, far enough apart", "[view2d]") {
    CHECK(nice_step(768, 768, 30) == 50);
    CHECK(nice_step(10, 1000, 30) == 1);
    CHECK(nice_step(50257, 500, 40) == 5000);
    const std::vector<int> t = tick_cells(3.2, 40, 370, 40);   // 10 px per cell, 40 px apart → every 5
    REQUIRE_FALSE(t.empty());
    CHECK(t.front() == 5);
    CHECK(t[1] - t[0] == 5);
    CHECK(t.back() < 40);
    CHECK(tick_cells(5, 5, 100, 10).empty());
}

TEST_CASE("tap-to-read: a tapped cell stays shown until the next tap elsewhere", "[view2d]") {
    TapRead t;
    CHECK_FALSE(t.shown);
    t.tap_cell(3, 7);
    CHECK(t.shown);
    CHECK(t.row == 3);
    CHECK(t.col == 7);
    t.tap_cell(4, 1);   // another cell: that one instead
    CHECK(t.row == 4);
    CHECK(t.col == 1);
    t.tap_outside();
    CHECK_FALSE(t.shown);
}
