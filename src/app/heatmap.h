// A reusable heatmap widget: a rows×cols float matrix drawn as one R32F texture through the GLSL ES
// 3.0 shader pair shaders/heatmap_vert.glsl + heatmap_frag.glsl (colour map applied in the shader),
// never one ImGui rectangle per cell. Zoom (wheel, pinch, +/− buttons, keys + and −) and pan
// (drag) down to single cells, grid lines once a cell is large enough, hover → cell.
//
// Big matrices: the texture packs the matrix row-major into a (W, H) texture (W ≤ GL_MAX_TEXTURE_SIZE),
// so a 50257×768 wte fits without tiling; when zoomed out so that several cells share a pixel, the
// shader shows the largest-magnitude value of the cells under that pixel (spikes never vanish).
// Only if rows·cols exceeds what one texture can hold is it downsampled on the CPU (max-abs blocks).
//
// Zoom, pan and the screen ↔ cell mapping are a View2D (view2d.h), shared with the bars widget
// (bars.h); so is the pointer handling (view_pointer_input below) and tap-to-read on touch screens.
//
// Typical use (one persistent HeatmapView per place it is drawn, e.g. a member of a panel's state):
//   HeatmapView v;
//   int r, c;
//   if (heatmap_widget("att", v, data, T, T, 1.0f, ImVec2(0, 300), changed, &r, &c)) { ...hovered... }
#pragma once
#include "colormap.h"
#include "imgui.h"
#include "view2d.h"
#include <string>
#include <vector>

namespace ga::app {

// A line drawn over the heatmap at a row or column boundary (Q|K|V blocks, heads), with an
// optional label drawn at the top (columns) or left (rows).
struct HeatmapLine {
    float pos = 0;          // boundary in cells: the line sits between cell pos-1 and cell pos
    bool major = false;     // thicker (Q|K|V) vs thin (heads)
    std::string label;      // drawn in the block starting at pos (e.g. "Q", "h0"), may be empty
};

// Pointer state of one zoomable widget (heatmap or bars): a drag in progress, tap-to-read.
struct PointerState {
    bool dragging = false;     // moved since the press (or pinched): the release is no tap
    ImVec2 press_pos;
    TapRead tap;               // touch: the cell whose value stays shown
};

// For the item just submitted (an InvisibleButton covering r): a two-finger pinch zooms about the
// fingers and pans with them, the wheel zooms (when wheel_zooms), a drag pans. `owner` names the
// widget (one pinch belongs to one widget). Returns true while pinching.
bool view_pointer_input(View2D& v, const ScreenRect& r, PointerState& ps, const void* owner, bool wheel_zooms);
// Tap-to-read, after view_pointer_input, for the same item: on a touch screen (no hover) a tap on
// a cell (tapped: released without a drag; on_cell with its row, col) shows it until the next tap
// elsewhere. True with *row/*col set while a tapped value is to be shown; always false with a mouse.
bool view_tap_read(PointerState& ps, bool tapped, bool on_cell, int row, int col, int* out_row, int* out_col);
// Whether the pointer is a finger (the platform's DeviceHooks::coarse_pointer, src/app/touch.h).
bool pointer_is_touch();

struct HeatmapView {
    // GL resources (created lazily on first draw, kept across frames)
    unsigned tex = 0;
    int tex_w = 0, tex_h = 0;          // texture size in texels
    int down = 1;                      // CPU downsampling factor (1 = every cell is a texel)
    int rows = 0, cols = 0;            // matrix currently uploaded
    int drows = 0, dcols = 0;          // stored (downsampled) dims
    bool uploaded = false;
    bool pending = false;              // data changed but upload throttled
    double last_upload_s = -1e9;

    // View: the visible cells (x = column, y = row), the bounds being the matrix or [col_lo, col_hi).
    View2D view;
    // Optional column range the view is restricted to (e.g. "only K" of W_QKV); -1 = whole.
    int col_lo = -1, col_hi = -1;

    // Options set by the caller (persist across frames)
    Colormap cmap = CMAP_DIVERGING;
    bool keep_aspect = false;          // square cells (attention patterns); else stretch to fill
    bool default_tooltip = true;       // show "row, col, value" on hover (turn off to draw your own)
    bool show_controls = true;         // the small − + ⊡ buttons in the corner
    // true: the wheel zooms the map. false (small maps inside a scrolling panel): the plain wheel
    // scrolls the parent window and Ctrl+wheel (a pinch on touch pads), a touch pinch or the
    // buttons zoom, so scrolling past the map never zooms it by accident.
    bool wheel_zoom = true;
    bool show_ticks = true;            // row numbers on the left, column numbers on top (margins)
    float throttle_s = 0.1f;           // min time between uploads of big textures, per million cells
    const char* row_axis = nullptr;    // label of the row axis, e.g. "input dim i"
    const char* col_axis = nullptr;    // label of the column axis, e.g. "output dim j"
    std::vector<HeatmapLine> col_lines, row_lines;
    int highlight_row = -1, highlight_col = -1;  // outline a cell (the formula panel's choice)

    // Filled by heatmap_widget each frame
    ImVec2 rect_min, rect_max;         // screen rectangle of the matrix
    bool clicked = false;              // a tap/click without drag on a cell this frame
    int clicked_row = -1, clicked_col = -1;

    PointerState ptr;

    // Internal: per-frame draw parameters for the GL callback
    float draw_scale = 1.0f;
    float fb_scale_x = 1, fb_scale_y = 1, display_w = 0, display_h = 0;
};

// The view must outlive the frame (a member of a panel's state): the GL draw callback reads it at render
// time. `data` is read during this call only (upload, hover), never kept.
// Draws rows×cols floats (row-major, data[r*cols + c]) as a heatmap filling `size` (x or y <= 0:
// the available width / height) with the view's colour map (default: diverging centred on 0 where
// ±scale maps to the ends). Upload happens only when `data_changed` is true (or on first draw /
// dims change), throttled to v.throttle_s for large matrices. Returns true when the mouse is over a
// cell and sets *hover_row / *hover_col (pointers may be null); on a touch screen, also while a
// tapped cell's value is to be shown (tap-to-read).
bool heatmap_widget(const char* id, HeatmapView& v, const float* data, int rows, int cols, float scale,
                    ImVec2 size, bool data_changed, int* hover_row, int* hover_col);

// Same with the sequential map: 0 → dark, vmax → bright (probabilities, attention patterns).
bool heatmap_widget_seq(const char* id, HeatmapView& v, const float* data, int rows, int cols, float vmax,
                        ImVec2 size, bool data_changed, int* hover_row, int* hover_col);

// Colour scale legend (same as colormap_legend; here so heatmap users need one header).
inline void heatmap_legend(const char* id, Colormap cm, float scale, ImVec2 size, const char* label = nullptr) {
    colormap_legend(id, cm, scale, size, label);
}

enum ScaleMode : int { SCALE_MAXABS = 0, SCALE_P99 = 1 };
// Symmetric scale for a diverging map: max |x| or the 99th percentile of |x| (robust to a few
// outliers; computed on a strided sample of at most 65536 values). Never returns 0 (→ 1e-12).
float heatmap_auto_scale(const float* data, size_t n, ScaleMode mode);

// Two-finger pinch from SDL's touch state (ImGui's SDL backend only sees the first finger, as a
// mouse), for any zoomable area: `owner` identifies the area (one pinch belongs to the area its
// midpoint started in). While a pinch over [rmin, rmax] is in progress returns true and sets
// *zoom (> 1: fingers apart → zoom in, 1 on the first frame), *mid (the fingers' midpoint) and
// *pan (how far the midpoint moved since the last frame, in screen pixels).
bool touch_pinch(const void* owner, ImVec2 rmin, ImVec2 rmax, float* zoom, ImVec2* mid, ImVec2* pan);

// Resets zoom/pan to show everything (or the restricted column range).
void heatmap_reset_view(HeatmapView& v);
// Frees the GL texture (e.g. when the view goes away).
void heatmap_release(HeatmapView& v);

} // namespace ga::app
