// The bars widget, beside the heatmap widget (heatmap.h): n values as bars around a baseline,
// coloured with the diverging map, zoom (wheel, pinch, buttons) and pan (drag) down to single
// bars, index ticks, hover → index, and tap-to-read on touch screens. The view transform and the
// pointer handling are the heatmap's (View2D, view_pointer_input), with the rows locked. When
// there are more bars than pixels, each pixel column shows the min..max span of its elements, so
// no spike is hidden.
#pragma once
#include "heatmap.h"

namespace ga::app {

struct BarsView {
    View2D view;                  // x: elements [lo.x, hi.x); y: one locked band
    PointerState ptr;
    int n = 0;                    // values currently shown
    ScreenRect rect;              // the bars' area in the last frame
    bool clicked = false;         // a click/tap without drag on a bar this frame
    int clicked_index = -1;
    BarsView() { view.lock_y = true; view.min_span = glm::dvec2(4, 1); }
    void reset() { view.set_bounds(glm::dvec2(0, 0), glm::dvec2(n, 1)); view.reset(); }
};

struct BarsStyle {
    float base = 0.0f;            // the baseline (LayerNorm gains: 1); bars and colours show v − base
    float scale = 1.0f;           // ±scale fills the height
    int highlight = -1;           // an element outlined (the formula panel's choice)
};

// Draws data[0..n) in `size` (x <= 0: the available width). Returns the hovered (or, on touch,
// tapped) element, or -1. Axis labels (base ± scale) sit in a left margin, index ticks below.
int bars_widget(const char* id, BarsView& b, const float* data, int n, const BarsStyle& st, ImVec2 size);
// − + "all" buttons and the visible range.
void bars_zoom_buttons(BarsView& b, bool show_range);

} // namespace ga::app
