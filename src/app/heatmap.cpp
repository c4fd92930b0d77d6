// The heatmap widget: zoom/pan/pinch, ticks and hover; the platform uploads and draws the matrix.
#include "heatmap.h"
#include "i18n.h"
#include "imgui_internal.h"   // SetItemUsingMouseWheel (1.86)
#include "hooks.h"
#include "touch.h"   // device_hooks: is the pointer a finger?
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ga::app {

// The matrix itself is drawn by the platform's renderer (src/platform/heatmap_gl.cpp: a WebGL2
// texture and shader, reached through hooks.h); without one (native tests) the widget still lays
// out, zooms and reports hovers, and says the renderer is missing.
static bool renderer_ready() { return hooks().matrix_init && hooks().matrix_init(); }

void heatmap_release(HeatmapView& v) {
    if (hooks().matrix_release) hooks().matrix_release(v);
    v.tex = 0;
    v.tex_w = v.tex_h = 0;
    v.uploaded = false;
}

// ---- view helpers ---------------------------------------------------------------------------------

static glm::vec2 gv(ImVec2 p) { return glm::vec2(p.x, p.y); }

// The cells the view may show: the matrix, or the restricted column range.
static void set_view_bounds(HeatmapView& v) {
    double cx0 = 0, cx1 = v.cols;
    if (v.col_lo >= 0 && v.col_hi > v.col_lo && v.col_hi <= v.cols) { cx0 = v.col_lo; cx1 = v.col_hi; }
    v.view.set_bounds(glm::dvec2(cx0, 0), glm::dvec2(cx1, v.rows));
}

void heatmap_reset_view(HeatmapView& v) {
    set_view_bounds(v);
    v.view.reset();
}

bool touch_pinch(const void* self, ImVec2 rmin, ImVec2 rmax, float* zoom, ImVec2* mid_out, ImVec2* pan) {
    *zoom = 1.0f;
    *pan = ImVec2(0, 0);
    // one pinch at a time on the whole screen: where it started and how far apart the fingers were
    static struct { float last_dist = -1.0f; ImVec2 last_mid; const void* owner = nullptr; } g;
    float xy[4];
    if (hooks().touch_points && hooks().touch_points(xy, 2) >= 2) {
        const ImVec2 pa(xy[0], xy[1]), pb(xy[2], xy[3]);
        const ImVec2 mid((pa.x + pb.x) * 0.5f, (pa.y + pb.y) * 0.5f);
        const float dist = std::sqrt((pa.x - pb.x) * (pa.x - pb.x) + (pa.y - pb.y) * (pa.y - pb.y));
        *mid_out = mid;
        const bool inside = mid.x >= rmin.x && mid.x <= rmax.x && mid.y >= rmin.y && mid.y <= rmax.y;
        if (g.owner == nullptr && inside) { g.owner = self; g.last_dist = dist; g.last_mid = mid; return true; }
        if (g.owner != self) return false;
        if (g.last_dist > 1.0f && dist > 1.0f) *zoom = dist / g.last_dist;
        *pan = ImVec2(mid.x - g.last_mid.x, mid.y - g.last_mid.y);
        g.last_dist = dist;
        g.last_mid = mid;
        return true;
    }
    if (g.owner == self) g.owner = nullptr;
    return false;
}

bool pointer_is_touch() { return device_hooks().coarse_pointer && device_hooks().coarse_pointer(); }

bool view_pointer_input(View2D& v, const ScreenRect& r, PointerState& ps, const void* owner, bool wheel_zooms) {
    ImGuiIO& io = ImGui::GetIO();
    float f = 1.0f;
    ImVec2 mid, d;
    const bool pinching = touch_pinch(owner, ImVec2(r.min.x, r.min.y), ImVec2(r.max.x, r.max.y), &f, &mid, &d);
    if (pinching) {
        if (f != 1.0f) zoom_at_screen(v, r, f, gv(mid));
        pan_screen(v, r, gv(d));
        ps.dragging = true;   // a pinch never ends in a "tap"
    }
    if (wheel_zooms && io.MouseWheel != 0.0f) zoom_at_screen(v, r, std::pow(1.25, io.MouseWheel), gv(io.MousePos));
    if (ImGui::IsItemActivated()) { ps.press_pos = io.MousePos; ps.dragging = false; }
    if (ImGui::IsItemActive() && !pinching) {
        const float moved = std::fabs(io.MousePos.x - ps.press_pos.x) + std::fabs(io.MousePos.y - ps.press_pos.y);
        if (moved > 6.0f) ps.dragging = true;
        if (ps.dragging && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) pan_screen(v, r, gv(io.MouseDelta));
    }
    return pinching;
}

bool view_tap_read(PointerState& ps, bool tapped, bool on_cell, int row, int col, int* out_row, int* out_col) {
    if (!pointer_is_touch()) { ps.tap.tap_outside(); return false; }
    if (tapped && on_cell) ps.tap.tap_cell(row, col);
    else if (ImGui::IsMouseReleased(0) && !ImGui::IsItemDeactivated()) ps.tap.tap_outside();   // a tap elsewhere
    if (!ps.tap.shown) return false;
    *out_row = ps.tap.row;
    *out_col = ps.tap.col;
    return true;
}

// Index labels at "nice" steps (1, 2, 5 × 10^k) on the left (rows) and on top (columns).
static void draw_ticks(ImDrawList* dl, const HeatmapView& v, const ScreenRect& r) {
    const ImU32 col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const float fh = ImGui::GetFontSize();
    char b[16];
    std::snprintf(b, sizeof b, "%d", v.cols);
    for (int c : tick_cells(v.view.lo.x, v.view.hi.x, r.size().x, ImGui::CalcTextSize(b).x + 14)) {
        const float x = cell_to_screen(v.view, r, glm::dvec2(c + 0.5, 0)).x;
        if (x < r.min.x || x > r.max.x) continue;
        std::snprintf(b, sizeof b, "%d", c);
        const float tw = ImGui::CalcTextSize(b).x;
        dl->AddText(ImVec2(x - tw * 0.5f, r.min.y - fh - 3), col, b);
        dl->AddLine(ImVec2(x, r.min.y - 3), ImVec2(x, r.min.y), col);
    }
    for (int row : tick_cells(v.view.lo.y, v.view.hi.y, r.size().y, fh * 1.6f)) {
        const float y = cell_to_screen(v.view, r, glm::dvec2(0, row + 0.5)).y;
        if (y < r.min.y || y > r.max.y) continue;
        std::snprintf(b, sizeof b, "%d", row);
        const float tw = ImGui::CalcTextSize(b).x;
        dl->AddText(ImVec2(r.min.x - tw - 5, y - fh * 0.5f), col, b);
        dl->AddLine(ImVec2(r.min.x - 3, y), ImVec2(r.min.x, y), col);
    }
}

// ---- the widget -------------------------------------------------------------------------------------

// Uploads when the data changed (throttled for big matrices) or the shape changed.
static void upload_if_needed(HeatmapView& v, const float* data, int rows, int cols, bool data_changed, bool gl_ok) {
    const double now = ImGui::GetTime();
    const bool dims_changed = rows != v.rows || cols != v.cols || !v.uploaded;
    if (data_changed) v.pending = true;
    // Big matrices re-upload at most every throttle_s per million cells (≤ 2 s): while training, a
    // 768×3072 matrix refreshes ~4×/s and the frame rate stays smooth.
    const double mcells = double(rows) * cols / 1e6;
    const double throttle = mcells < 1.0 ? 0.0 : std::min(2.0, v.throttle_s * mcells);
    const bool reset = rows != v.rows || cols != v.cols;
    if (gl_ok && (dims_changed || (v.pending && now - v.last_upload_s >= throttle))) {
        hooks().matrix_upload(v, data, rows, cols);
        v.last_upload_s = now;
    }
    v.rows = rows;
    v.cols = cols;
    if (reset) { v.ptr.tap.tap_outside(); heatmap_reset_view(v); }
    set_view_bounds(v);
    if (!v.view.valid()) v.view.reset();
}

// Margins for the tick labels, then the matrix rectangle; square cells if asked.
static ScreenRect layout(const HeatmapView& v, ImVec2 p0, ImVec2 size) {
    float ml = 0, mt = 0;
    if (v.show_ticks) {
        char b[16];
        std::snprintf(b, sizeof b, "%d", v.rows - 1);
        ml = ImGui::CalcTextSize(b).x + 8;
        mt = ImGui::GetFontSize() + 4;
    }
    ScreenRect r{glm::vec2(p0.x + ml, p0.y + mt), glm::vec2(p0.x + size.x, p0.y + size.y)};
    if (v.keep_aspect) {
        const glm::dvec2 span = v.view.span();
        const glm::vec2 avail = r.size();
        const float cell = float(std::min(avail.x / span.x, avail.y / span.y));
        const glm::vec2 wh(float(cell * span.x), float(cell * span.y));
        r.min.x += (avail.x - wh.x) * 0.5f;
        r.max = r.min + wh;
    }
    return r;
}

// + / − / 0 typed over the map zoom in, out, and back to everything.
static void key_zoom(HeatmapView& v, const ScreenRect& r) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    for (int i = 0; i < io.InputQueueCharacters.Size; i++) {
        const ImWchar ch = io.InputQueueCharacters[i];
        if (ch == '+' || ch == '=') zoom_at_screen(v.view, r, 1.5, gv(io.MousePos));
        if (ch == '-') zoom_at_screen(v.view, r, 1.0 / 1.5, gv(io.MousePos));
        if (ch == '0') heatmap_reset_view(v);
    }
}

// Separators at column lines (Q | K | V, heads) with their labels, and row lines.
static void draw_lines(ImDrawList* dl, const HeatmapView& v, const ScreenRect& r) {
    const glm::vec2 ppc = pixels_per_cell(v.view, r);
    const bool dark = colormap_dark_theme();
    const ImU32 major_col = dark ? IM_COL32(255, 255, 255, 230) : IM_COL32(0, 0, 0, 230);
    const ImU32 minor_col = dark ? IM_COL32(255, 255, 255, 120) : IM_COL32(0, 0, 0, 110);
    const ImU32 label_bg = dark ? IM_COL32(0, 0, 0, 170) : IM_COL32(255, 255, 255, 200);
    auto xat = [&](double cell) { return r.min.x + float(cell - v.view.lo.x) * ppc.x; };
    for (size_t i = 0; i < v.col_lines.size(); i++) {
        const HeatmapLine& L = v.col_lines[i];
        const float x = xat(L.pos);
        if (x > r.min.x + 0.5f && x < r.max.x - 0.5f) dl->AddLine(ImVec2(x, r.min.y), ImVec2(x, r.max.y), L.major ? major_col : minor_col, L.major ? 2.5f : 1.0f);
        if (L.label.empty()) continue;
        // label at the top of the block [pos, next pos), kept visible while the block is
        float next = float(v.cols);  // the block ends at the next line of the same or higher rank
        for (size_t j = i + 1; j < v.col_lines.size(); j++)
            if (v.col_lines[j].pos > L.pos && (v.col_lines[j].major || !L.major)) { next = v.col_lines[j].pos; break; }
        const float bx0 = std::max(r.min.x, x), bx1 = std::min(r.max.x, xat(next));
        const ImVec2 ts = ImGui::CalcTextSize(L.label.c_str());
        if (bx1 - bx0 <= ts.x + 4) continue;
        const float ly = r.min.y + (L.major ? 2.0f : 4.0f + ImGui::GetFontSize());
        // block labels (Q, K, V) sit at the block's left edge, head labels in the middle of the head
        const ImVec2 lp(L.major ? bx0 + 5 : 0.5f * (bx0 + bx1) - ts.x * 0.5f, ly);
        dl->AddRectFilled(ImVec2(lp.x - 2, lp.y), ImVec2(lp.x + ts.x + 2, lp.y + ts.y), label_bg, 3.0f);
        dl->AddText(lp, ImGui::GetColorU32(ImGuiCol_Text), L.label.c_str());
    }
    for (const HeatmapLine& L : v.row_lines) {
        const float y = r.min.y + float(L.pos - v.view.lo.y) * ppc.y;
        if (y > r.min.y + 0.5f && y < r.max.y - 0.5f) dl->AddLine(ImVec2(r.min.x, y), ImVec2(r.max.x, y), L.major ? major_col : minor_col, L.major ? 2.5f : 1.0f);
    }
}

// A box around cell (row, col); tiny cells get a visible box anyway.
static void outline_cell(ImDrawList* dl, const HeatmapView& v, const ScreenRect& r, int row, int col, ImU32 c, float th) {
    const glm::vec2 a = cell_to_screen(v.view, r, glm::dvec2(col, row)), ppc = pixels_per_cell(v.view, r);
    const float g = std::max(0.0f, 3.0f - std::min(ppc.x, ppc.y)) * 0.5f;
    dl->AddRect(ImVec2(a.x - g, a.y - g), ImVec2(a.x + ppc.x + g, a.y + ppc.y + g), c, 0.0f, 0, th);
}

// Background, the platform's quad, then the overlays (separators, highlight, hover outline, ticks).
static void draw_matrix(HeatmapView& v, const ScreenRect& r, float scale, bool gl_ok, int hr, int hc) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 rmin(r.min.x, r.min.y), rmax(r.max.x, r.max.y);
    dl->AddRectFilled(rmin, rmax, ImGui::GetColorU32(ImGuiCol_FrameBg));
    v.draw_scale = scale > 0 && std::isfinite(scale) ? scale : 1e-12f;
    v.fb_scale_x = io.DisplayFramebufferScale.x;
    v.fb_scale_y = io.DisplayFramebufferScale.y;
    v.display_w = io.DisplaySize.x;
    v.display_h = io.DisplaySize.y;
    if (gl_ok && v.uploaded) {
        dl->AddCallback(hooks().matrix_draw, &v);
        dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
    } else {
        const char* msg = TR("WebGL2 shader unavailable", "Shader WebGL2 indisponible");
        dl->AddText(ImVec2(rmin.x + 6, rmin.y + 6), ImGui::GetColorU32(ImGuiCol_Text), msg);
    }
    dl->PushClipRect(rmin, rmax, true);
    draw_lines(dl, v, r);
    if (v.highlight_row >= 0 && v.highlight_col >= 0 && v.highlight_row < v.rows && v.highlight_col < v.cols)
        outline_cell(dl, v, r, v.highlight_row, v.highlight_col, IM_COL32(255, 40, 200, 255), 2.5f);
    if (hr >= 0) outline_cell(dl, v, r, hr, hc, colormap_dark_theme() ? IM_COL32(255, 255, 255, 255) : IM_COL32(0, 0, 0, 255), 1.5f);
    dl->PopClipRect();
    dl->AddRect(rmin, rmax, ImGui::GetColorU32(ImGuiCol_Border));
    if (v.show_ticks) draw_ticks(dl, v, r);
}

// Zoom controls in the bottom-right corner (touch screens have no wheel).
static void zoom_buttons(HeatmapView& v, const ScreenRect& r) {
    const ImVec2 saved = ImGui::GetCursorScreenPos();
    const float bh = ImGui::GetFrameHeight();
    const float bw = bh * 1.1f;
    ImGui::SetCursorScreenPos(ImVec2(r.max.x - 3 * (bw + 2) - 2, r.max.y - bh - 4));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(2, ImGui::GetStyle().FramePadding.y));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(2, 2));
    // opaque, so the buttons stay visible over any colour of the matrix
    ImVec4 bc = ImGui::GetStyle().Colors[ImGuiCol_Button];
    ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(bg.x * 0.4f + bc.x * 0.6f, bg.y * 0.4f + bc.y * 0.6f, bg.z * 0.4f + bc.z * 0.6f, 0.95f));
    const glm::vec2 c = 0.5f * (r.min + r.max);
    if (ImGui::Button("−##zo", ImVec2(bw, bh))) zoom_at_screen(v.view, r, 1.0 / 1.5, c);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", v.wheel_zoom ? TR("Zoom out (−, wheel, pinch)", "Dézoomer (−, molette, pincement)")
                                             : TR("Zoom out (−, Ctrl+wheel, pinch)", "Dézoomer (−, Ctrl+molette, pincement)"));
    ImGui::SameLine();
    if (ImGui::Button("+##zi", ImVec2(bw, bh))) zoom_at_screen(v.view, r, 1.5, c);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", v.wheel_zoom ? TR("Zoom in (+, wheel, pinch); drag to pan", "Zoomer (+, molette, pincement) ; glisser pour déplacer")
                                             : TR("Zoom in (+, Ctrl+wheel, pinch); drag to pan", "Zoomer (+, Ctrl+molette, pincement) ; glisser pour déplacer"));
    ImGui::SameLine();
    ImGui::BeginDisabled(v.view.fits());
    if (ImGui::Button("⊡##fit", ImVec2(bw, bh))) heatmap_reset_view(v);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", TR("Show all (0, double-click)", "Tout afficher (0, double-clic)"));
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
    ImGui::SetCursorScreenPos(saved);
}

static bool widget(const char* id, HeatmapView& v, const float* data, int rows, int cols, float scale,
                   ImVec2 size, bool data_changed, int* hover_row, int* hover_col) {
    v.clicked = false;
    if (hover_row) *hover_row = -1;
    if (hover_col) *hover_col = -1;
    ImGui::PushID(id);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0) size.x = std::max(avail.x, 32.0f);
    if (size.y <= 0) size.y = std::max(avail.y, 32.0f);
    if (rows <= 0 || cols <= 0 || !data) {
        ImGui::Dummy(size);
        ImGui::PopID();
        return false;
    }
    const bool gl_ok = renderer_ready();
    upload_if_needed(v, data, rows, cols, data_changed, gl_ok);
    const ScreenRect r = layout(v, ImGui::GetCursorScreenPos(), size);
    v.rect_min = ImVec2(r.min.x, r.min.y);
    v.rect_max = ImVec2(r.max.x, r.max.y);
    ImGui::InvisibleButton("##heatmap", size, ImGuiButtonFlags_MouseButtonLeft);
    ImGui::SetItemAllowOverlap();
    const bool hovered = ImGui::IsItemHovered();
    ImGuiIO& io = ImGui::GetIO();
    // The wheel zooms (and so must not scroll the window) unless the map leaves it to its parent.
    const bool wheel_zooms = hovered && (v.wheel_zoom || io.KeyCtrl);
    if (wheel_zooms) ImGui::SetItemUsingMouseWheel();
    view_pointer_input(v.view, r, v.ptr, &v, wheel_zooms);
    if (hovered) key_zoom(v, r);
    if (ImGui::IsMouseDoubleClicked(0) && hovered) heatmap_reset_view(v);

    int hr = -1, hc = -1;
    bool over = hovered && cell_at(v.view, r, gv(io.MousePos), cols, rows, &hc, &hr);
    const bool tapped = ImGui::IsItemDeactivated() && !v.ptr.dragging;
    if (tapped && over) {
        v.clicked = true;
        v.clicked_row = hr;
        v.clicked_col = hc;
    }
    int tr = -1, tc = -1;   // a finger has no hover: the tapped cell stays shown instead
    if (view_tap_read(v.ptr, tapped, over, hr, hc, &tr, &tc)) { over = true; hr = tr; hc = tc; }
    if (!over) hr = hc = -1;

    draw_matrix(v, r, scale, gl_ok, hr, hc);
    if (over && v.default_tooltip && !v.ptr.dragging) {
        ImGui::BeginTooltip();
        ImGui::Text("%s %d, %s %d", TR("row", "ligne"), hr, TR("column", "colonne"), hc);
        ImGui::Text("%s", fmt_value(data[(size_t)hr * cols + hc], 4).c_str());
        ImGui::EndTooltip();
    }
    if (v.show_controls) zoom_buttons(v, r);
    ImGui::PopID();
    if (over) {
        if (hover_row) *hover_row = hr;
        if (hover_col) *hover_col = hc;
    }
    return over;
}

bool heatmap_widget(const char* id, HeatmapView& v, const float* data, int rows, int cols, float scale,
                    ImVec2 size, bool data_changed, int* hover_row, int* hover_col) {
    v.cmap = CMAP_DIVERGING;
    return widget(id, v, data, rows, cols, scale, size, data_changed, hover_row, hover_col);
}

bool heatmap_widget_seq(const char* id, HeatmapView& v, const float* data, int rows, int cols, float vmax,
                        ImVec2 size, bool data_changed, int* hover_row, int* hover_col) {
    v.cmap = CMAP_SEQUENTIAL;
    return widget(id, v, data, rows, cols, vmax, size, data_changed, hover_row, hover_col);
}

float heatmap_auto_scale(const float* data, size_t n, ScaleMode mode) {
    if (!data || n == 0) return 1e-12f;
    float s = 0.0f;
    if (mode == SCALE_MAXABS) {
        for (size_t i = 0; i < n; i++) {
            const float a = std::fabs(data[i]);
            if (a > s && std::isfinite(a)) s = a;
        }
    } else {
        const size_t kMax = 65536;
        const size_t stride = n > kMax ? (n + kMax - 1) / kMax : 1;
        static std::vector<float> tmp;
        tmp.clear();
        for (size_t i = 0; i < n; i += stride) {
            const float a = std::fabs(data[i]);
            if (std::isfinite(a)) tmp.push_back(a);
        }
        if (!tmp.empty()) {
            const size_t k = std::min(tmp.size() - 1, size_t(double(tmp.size() - 1) * 0.99));
            std::nth_element(tmp.begin(), tmp.begin() + k, tmp.end());
            s = tmp[k];
            if (s <= 0.0f) s = *std::max_element(tmp.begin(), tmp.end());
        }
    }
    return s > 1e-12f ? s : 1e-12f;
}

} // namespace ga::app
