// Colour maps shared by the heatmap shader (shaders/heatmap_frag.glsl gets the same control points
// as uniforms), the bias bars and the legends, so a value has the same colour everywhere.
// Diverging: blue (negative) – neutral (0) – orange (positive): readable with every common colour
// vision deficiency (no red/green opposition). The neutral is near-white on a light theme and
// near-black on a dark one, so "zero" always recedes into the background and magnitude pops out.
// Sequential (probabilities, attention): a viridis-like ramp, dark → yellow.
#pragma once
#include "imgui.h"
#include <string>

namespace ga::app {

enum Colormap : int { CMAP_DIVERGING = 0, CMAP_SEQUENTIAL = 1 };

constexpr int kColormapStops = 9;  // control points, evenly spaced over the map's domain

// True when the ImGui theme is dark (window background luminance < 0.5).
bool colormap_dark_theme();

// The control points (RGB, 0..1) of a map for the current theme: kColormapStops of them,
// evenly spaced over t in [-1, 1] (diverging) or [0, 1] (sequential).
const float* colormap_stops(Colormap cm);

// Colour of a value: diverging maps v/scale in [-1, 1] (clamped); sequential maps v/scale in [0, 1].
// Non-finite values get a fixed magenta-grey "invalid" colour.
ImVec4 colormap_eval(Colormap cm, float v, float scale);
ImU32 colormap_u32(Colormap cm, float v, float scale, float alpha = 1.0f);

// Black or white, whichever reads better on top of `bg`.
ImU32 colormap_text_on(ImVec4 bg);

// Vertical or horizontal colour bar with numbers: ends at ±scale (diverging) or 0..scale
// (sequential), labelled ticks. Reserves `size` at the cursor (x <= 0: available width).
// `label` (may be null) is written under the bar, e.g. "∂L/∂W".
void colormap_legend(const char* id, Colormap cm, float scale, ImVec2 size, const char* label = nullptr);

// A value with `sig` significant digits, fixed or scientific as fits, real minus sign, decimal
// comma in French: "0.0123", "−1.25e-05", "0,0123".
std::string fmt_value(double v, int sig = 3);

} // namespace ga::app
