// Line plots drawn with ImDrawList (loss curves). Long series are min/max-decimated to one
// vertical span per pixel column, so 100 000 steps cost no more to draw than 500.
#pragma once
#include "imgui.h"
#include <cmath>
#include <string>
#include <vector>

namespace ga::app {

struct PlotSeries {
    std::vector<float> x, y;     // x increasing; y may hold NaN for "no value here"
    ImU32 color = IM_COL32(255, 255, 255, 255);
    float thickness = 1.5f;
    bool markers = false;        // circles at each point (sparse series such as validation loss)
    std::string label;           // legend
};

struct PlotConfig {
    bool log_y = false;
    float ref_y = NAN;           // horizontal reference line (e.g. ln V, "random guessing")
    std::string ref_label;
    float mark_x = NAN;          // vertical marker (e.g. the frozen "before" step)
    std::string mark_label;
    std::string x_label, y_label;
    float x_min = NAN, x_max = NAN;  // NaN: from the data
    float line_scale = 1.0f;     // lecture mode draws thicker lines
    bool x_integer = false;      // x counts something (steps): no ticks between whole numbers
};

// Draws the plot into a box of `size` (x or y <= 0: fill the available width / height) at the
// cursor and reserves it. Hovering shows the nearest value of each series.
void plot_lines(const char* id, ImVec2 size, const PlotConfig& cfg, const std::vector<PlotSeries>& series);

// "Nice" tick values covering [lo, hi] (about `target` of them): 1, 2, 5 × 10^k steps.
std::vector<double> plot_nice_ticks(double lo, double hi, int target);

// Min/max decimation of a series to `columns` pixel columns over [x0, x1]: for each column the
// values in the order they occur (first, min, max, last, without repeats) so a polyline through
// them keeps every spike. Exposed for tests.
void plot_decimate(std::vector<ImVec2>* out, const float* x, const float* y, int n, double x0, double x1, int columns);

} // namespace ga::app
