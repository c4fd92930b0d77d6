// The heatmap widget: zoom/pan/pinch, ticks and hover; the platform uploads and draws the matrix.
#include "heatmap.h"
#include "i18n.h"
#include "imgui_internal.h"   // SetItemUsingMouseWheel (1.86)
#include "hooks.h"
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

static void view_bounds(const HeatmapView& v, double* cx0, double* cx1) {
    *cx0 = 0;
    *cx1 = v.cols;
    if (v.col_lo >= 0 && v.col_hi > v.col_lo && v.col_hi <= v.cols) { *cx0 = v.col_lo; *cx1 = v.col_hi; }
}

void heatmap_reset_view(HeatmapView& v) {
    double cx0, cx1;
    view_bounds(v, &cx0, &cx1);
    v.x0 = cx0;
    v.x1 = cx1;
    v.y0 = 0;
    v.y1 = v.rows;
    v.fit = true;
}

// Keeps the view inside the matrix (or the restricted column range), between 2 cells and all of it.
static void clamp_view(HeatmapView& v, float w_px, float h_px) {
    double cx0, cx1;
    view_bounds(v, &cx0, &cx1);
    const double W = cx1 - cx0, H = v.rows;
    double vw = v.x1 - v.x0, vh = v.y1 - v.y0;
    // Zoom limits: whole matrix at most; at least ~2 cells visible (a cell may fill the widget).
    const double min_w = std::min(W, 2.0), min_h = std::min(H, 2.0);
    vw = std::clamp(vw, min_w, W);
    vh = std::clamp(vh, min_h, H);
    double cx = 0.5 * (v.x0 + v.x1), cy = 0.5 * (v.y0 + v.y1);
    cx = std::clamp(cx, cx0 + vw * 0.5, cx1 - vw * 0.5);
    cy = std::clamp(cy, vh * 0.5, H - vh * 0.5);
    v.x0 = cx - vw * 0.5;
    v.x1 = cx + vw * 0.5;
    v.y0 = cy - vh * 0.5;
    v.y1 = cy + vh * 0.5;
    v.fit = vw >= W - 1e-9 && vh >= H - 1e-9;
    (void)w_px;
    (void)h_px;
}

// Zoom by `f` (> 1 zooms in) about the screen point p.
static void zoom_at(HeatmapView& v, float f, ImVec2 p) {
    const float w = v.rect_max.x - v.rect_min.x, h = v.rect_max.y - v.rect_min.y;
    if (w <= 0 || h <= 0) return;
    const double ax = std::clamp((p.x - v.rect_min.x) / w, 0.0f, 1.0f);
    const double ay = std::clamp((p.y - v.rect_min.y) / h, 0.0f, 1.0f);
    const double px = v.x0 + ax * (v.x1 - v.x0), py = v.y0 + ay * (v.y1 - v.y0);
    const double nw = (v.x1 - v.x0) / f, nh = (v.y1 - v.y0) / f;
    v.x0 = px - ax * nw;
    v.x1 = v.x0 + nw;
    v.y0 = py - ay * nh;
    v.y1 = v.y0 + nh;
    clamp_view(v, w, h);
}

static void pan_px(HeatmapView& v, ImVec2 d) {
    const float w = v.rect_max.x - v.rect_min.x, h = v.rect_max.y - v.rect_min.y;
    if (w <= 0 || h <= 0) return;
    const double dx = -d.x * (v.x1 - v.x0) / w, dy = -d.y * (v.y1 - v.y0) / h;
    v.x0 += dx;
    v.x1 += dx;
    v.y0 += dy;
    v.y1 += dy;
    clamp_view(v, w, h);
}

bool touch_pinch(const void* self, ImVec2 rmin, ImVec2 rmax, float* zoom, ImVec2* mid_out, ImVec2* pan) {
    *zoom = 1.0f;
    *pan = ImVec2(0, 0);
    static float last_dist = -1.0f;
    static ImVec2 last_mid;
    static const void* owner = nullptr;
    float xy[4];
    if (hooks().touch_points && hooks().touch_points(xy, 2) >= 2) {
        const ImVec2 pa(xy[0], xy[1]), pb(xy[2], xy[3]);
        const ImVec2 mid((pa.x + pb.x) * 0.5f, (pa.y + pb.y) * 0.5f);
        const float dist = std::sqrt((pa.x - pb.x) * (pa.x - pb.x) + (pa.y - pb.y) * (pa.y - pb.y));
        *mid_out = mid;
        const bool inside = mid.x >= rmin.x && mid.x <= rmax.x && mid.y >= rmin.y && mid.y <= rmax.y;
        if (owner == nullptr && inside) { owner = self; last_dist = dist; last_mid = mid; return true; }
        if (owner != self) return false;
        if (last_dist > 1.0f && dist > 1.0f) *zoom = dist / last_dist;
        *pan = ImVec2(mid.x - last_mid.x, mid.y - last_mid.y);
        last_dist = dist;
        last_mid = mid;
        return true;
    }
    if (owner == self) owner = nullptr;
    return false;
}

// A pinch over this heatmap: zoom about the fingers' midpoint, pan with it.
static bool pinch(HeatmapView& v) {
    float f = 1.0f;
    ImVec2 mid, d;
    if (!touch_pinch(&v, v.rect_min, v.rect_max, &f, &mid, &d)) return false;
    if (f != 1.0f) zoom_at(v, f, mid);
    pan_px(v, d);
    return true;
}

// Index labels at "nice" steps (1, 2, 5 × 10^k) on the left (rows) and on top (columns).
static int nice_step(double cells, float px, float min_px) {
    const double want = cells * min_px / std::max(1.0f, px);
    int step = 1;
    for (int k = 0; k < 9; k++) {
        for (int m : {1, 2, 5}) {
            step = m * int(std::pow(10, k));
            if (step >= want) return step;
        }
    }
    return step;
}

static void draw_ticks(ImDrawList* dl, const HeatmapView& v, ImVec2 rmin, ImVec2 rmax) {
    const ImU32 col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const float fh = ImGui::GetFontSize();
    const float w = rmax.x - rmin.x, h = rmax.y - rmin.y;
    char b[16];
    // columns
    std::snprintf(b, sizeof b, "%d", v.cols);
    const int cs = nice_step(v.x1 - v.x0, w, ImGui::CalcTextSize(b).x + 14);
    for (int c = (int(std::ceil(v.x0)) + cs - 1) / cs * cs; c < v.x1; c += cs) {
        const float x = rmin.x + float((c + 0.5 - v.x0) / (v.x1 - v.x0)) * w;
        if (x < rmin.x || x > rmax.x) continue;
        std::snprintf(b, sizeof b, "%d", c);
        const float tw = ImGui::CalcTextSize(b).x;
        dl->AddText(ImVec2(x - tw * 0.5f, rmin.y - fh - 3), col, b);
        dl->AddLine(ImVec2(x, rmin.y - 3), ImVec2(x, rmin.y), col);
    }
    // rows
    const int rs = nice_step(v.y1 - v.y0, h, fh * 1.6f);
    for (int r = (int(std::ceil(v.y0)) + rs - 1) / rs * rs; r < v.y1; r += rs) {
        const float y = rmin.y + float((r + 0.5 - v.y0) / (v.y1 - v.y0)) * h;
        if (y < rmin.y || y > rmax.y) continue;
        std::snprintf(b, sizeof b, "%d", r);
        const float tw = ImGui::CalcTextSize(b).x;
        dl->AddText(ImVec2(rmin.x - tw - 5, y - fh * 0.5f), col, b);
        dl->AddLine(ImVec2(rmin.x - 3, y), ImVec2(rmin.x, y), col);
    }
}

// ---- the widget -------------------------------------------------------------------------------------

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

    // Upload when the data changed (throttled for big matrices) or the shape changed.
    const double now = ImGui::GetTime();
    const bool dims_changed = rows != v.rows || cols != v.cols || !v.uploaded;
    if (data_changed) v.pending = true;
    // Big matrices re-upload at most every throttle_s per million cells (≤ 2 s): while training, a
    // 768×3072 matrix refreshes ~4×/s and the frame rate stays smooth.
    const double mcells = double(rows) * cols / 1e6;
    const double throttle = mcells < 1.0 ? 0.0 : std::min(2.0, v.throttle_s * mcells);
    if (gl_ok && (dims_changed || (v.pending && now - v.last_upload_s >= throttle))) {
        const bool reset = rows != v.rows || cols != v.cols;
        hooks().matrix_upload(v, data, rows, cols);
        v.last_upload_s = now;
        if (reset) heatmap_reset_view(v);
    }
    v.rows = rows;
    v.cols = cols;
    if (v.x1 <= v.x0 || v.y1 <= v.y0) heatmap_reset_view(v);

    // Layout: margins for the tick labels, then the matrix rectangle; square cells if asked.
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    float ml = 0, mt = 0;
    if (v.show_ticks) {
        char b[16];
        std::snprintf(b, sizeof b, "%d", rows - 1);
        ml = ImGui::CalcTextSize(b).x + 8;
        mt = ImGui::GetFontSize() + 4;
    }
    ImVec2 rmin(p0.x + ml, p0.y + mt), rmax(p0.x + size.x, p0.y + size.y);
    if (v.keep_aspect) {
        const double cw = (v.x1 - v.x0), ch = (v.y1 - v.y0);
        const float aw = rmax.x - rmin.x, ah = rmax.y - rmin.y;
        const float cell = float(std::min(aw / cw, ah / ch));
        const float w = float(cell * cw), h = float(cell * ch);
        rmin.x += (aw - w) * 0.5f;
        rmax = ImVec2(rmin.x + w, rmin.y + h);
    }
    v.rect_min = rmin;
    v.rect_max = rmax;
    ImGui::InvisibleButton("##heatmap", size, ImGuiButtonFlags_MouseButtonLeft);
    ImGui::SetItemAllowOverlap();
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    ImGuiIO& io = ImGui::GetIO();
    // The wheel zooms (and so must not scroll the window) unless the map leaves it to its parent.
    const bool wheel_zooms = hovered && (v.wheel_zoom || io.KeyCtrl);
    if (wheel_zooms) ImGui::SetItemUsingMouseWheel();

    // Input: pinch (touch), wheel zoom, drag pan, tap = click, + / − / 0 keys.
    const bool pinching = pinch(v);
    if (wheel_zooms && io.MouseWheel != 0.0f) zoom_at(v, std::pow(1.25f, io.MouseWheel), io.MousePos);
    if (ImGui::IsItemActivated()) { v.press_pos = io.MousePos; v.dragging = false; }
    if (active && !pinching) {
        const ImVec2 d = io.MouseDelta;
        const float moved = std::fabs(io.MousePos.x - v.press_pos.x) + std::fabs(io.MousePos.y - v.press_pos.y);
        if (moved > 6.0f) v.dragging = true;
        if (v.dragging && (d.x != 0 || d.y != 0)) pan_px(v, d);
    }
    if (pinching) v.dragging = true;  // a pinch never ends in a "tap"
    if (hovered && !io.WantTextInput) {
        for (int i = 0; i < io.InputQueueCharacters.Size; i++) {
            const ImWchar ch = io.InputQueueCharacters[i];
            if (ch == '+' || ch == '=') zoom_at(v, 1.5f, io.MousePos);
            if (ch == '-') zoom_at(v, 1.0f / 1.5f, io.MousePos);
            if (ch == '0') heatmap_reset_view(v);
        }
    }
    if (ImGui::IsMouseDoubleClicked(0) && hovered) heatmap_reset_view(v);

    // Cell under the mouse.
    bool over = false;
    int hr = -1, hc = -1;
    const ImVec2 mp = io.MousePos;
    if (hovered && mp.x >= rmin.x && mp.x < rmax.x && mp.y >= rmin.y && mp.y < rmax.y) {
        const double fx = v.x0 + (mp.x - rmin.x) / (rmax.x - rmin.x) * (v.x1 - v.x0);
        const double fy = v.y0 + (mp.y - rmin.y) / (rmax.y - rmin.y) * (v.y1 - v.y0);
        hc = std::clamp(int(std::floor(fx)), 0, cols - 1);
        hr = std::clamp(int(std::floor(fy)), 0, rows - 1);
        over = true;
    }
    if (ImGui::IsItemDeactivated() && !v.dragging && over) {
        v.clicked = true;
        v.clicked_row = hr;
        v.clicked_col = hc;
    }

    // Draw: background, the GL quad, then overlays (separators, highlight, hover outline, controls).
    ImDrawList* dl = ImGui::GetWindowDrawList();
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
    const float sx = (rmax.x - rmin.x) / float(v.x1 - v.x0), sy = (rmax.y - rmin.y) / float(v.y1 - v.y0);
    const bool dark = colormap_dark_theme();
    const ImU32 major_col = dark ? IM_COL32(255, 255, 255, 230) : IM_COL32(0, 0, 0, 230);
    const ImU32 minor_col = dark ? IM_COL32(255, 255, 255, 120) : IM_COL32(0, 0, 0, 110);
    const ImU32 label_bg = dark ? IM_COL32(0, 0, 0, 170) : IM_COL32(255, 255, 255, 200);
    for (size_t i = 0; i < v.col_lines.size(); i++) {
        const HeatmapLine& L = v.col_lines[i];
        const float x = rmin.x + float(L.pos - v.x0) * sx;
        if (x > rmin.x + 0.5f && x < rmax.x - 0.5f) dl->AddLine(ImVec2(x, rmin.y), ImVec2(x, rmax.y), L.major ? major_col : minor_col, L.major ? 2.5f : 1.0f);
        if (!L.label.empty()) {
            // label at the top of the block [pos, next pos), kept visible while the block is
            float next = float(cols);  // the block ends at the next line of the same or higher rank
            for (size_t j = i + 1; j < v.col_lines.size(); j++)
                if (v.col_lines[j].pos > L.pos && (v.col_lines[j].major || !L.major)) { next = v.col_lines[j].pos; break; }
            const float bx0 = std::max(rmin.x, x), bx1 = std::min(rmax.x, rmin.x + float(next - v.x0) * sx);
            const ImVec2 ts = ImGui::CalcTextSize(L.label.c_str());
            if (bx1 - bx0 > ts.x + 4) {
                const float ly = rmin.y + (L.major ? 2.0f : 4.0f + ImGui::GetFontSize());
                // block labels (Q, K, V) sit at the block's left edge, head labels in the middle of the head
                const ImVec2 lp(L.major ? bx0 + 5 : 0.5f * (bx0 + bx1) - ts.x * 0.5f, ly);
                dl->AddRectFilled(ImVec2(lp.x - 2, lp.y), ImVec2(lp.x + ts.x + 2, lp.y + ts.y), label_bg, 3.0f);
                dl->AddText(lp, ImGui::GetColorU32(ImGuiCol_Text), L.label.c_str());
            }
        }
    }
    for (const HeatmapLine& L : v.row_lines) {
        const float y = rmin.y + float(L.pos - v.y0) * sy;
        if (y > rmin.y + 0.5f && y < rmax.y - 0.5f) dl->AddLine(ImVec2(rmin.x, y), ImVec2(rmax.x, y), L.major ? major_col : minor_col, L.major ? 2.5f : 1.0f);
    }
    auto outline = [&](int r, int c, ImU32 col, float th) {
        const ImVec2 a(rmin.x + float(c - v.x0) * sx, rmin.y + float(r - v.y0) * sy);
        const ImVec2 b(a.x + sx, a.y + sy);
        const float g = std::max(0.0f, 3.0f - std::min(sx, sy)) * 0.5f;  // tiny cells: a visible box anyway
        dl->AddRect(ImVec2(a.x - g, a.y - g), ImVec2(b.x + g, b.y + g), col, 0.0f, 0, th);
    };
    if (v.highlight_row >= 0 && v.highlight_col >= 0 && v.highlight_row < rows && v.highlight_col < cols)
        outline(v.highlight_row, v.highlight_col, IM_COL32(255, 40, 200, 255), 2.5f);
    if (over) outline(hr, hc, dark ? IM_COL32(255, 255, 255, 255) : IM_COL32(0, 0, 0, 255), 1.5f);
    dl->PopClipRect();
    dl->AddRect(rmin, rmax, ImGui::GetColorU32(ImGuiCol_Border));
    if (v.show_ticks) draw_ticks(dl, v, rmin, rmax);

    if (over && v.default_tooltip && !v.dragging) {
        ImGui::BeginTooltip();
        ImGui::Text("%s %d, %s %d", TR("row", "ligne"), hr, TR("column", "colonne"), hc);
        ImGui::Text("%s", fmt_value(data[(size_t)hr * cols + hc], 4).c_str());
        ImGui::EndTooltip();
    }

    // Zoom controls in the top-right corner (touch screens have no wheel).
    if (v.show_controls) {
        const ImVec2 saved = ImGui::GetCursorScreenPos();
        const float bh = ImGui::GetFrameHeight();
        const float bw = bh * 1.1f;
        ImGui::SetCursorScreenPos(ImVec2(rmax.x - 3 * (bw + 2) - 2, rmax.y - bh - 4));
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(2, ImGui::GetStyle().FramePadding.y));
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(2, 2));
        // opaque, so the buttons stay visible over any colour of the matrix
        ImVec4 bc = ImGui::GetStyle().Colors[ImGuiCol_Button];
        ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(bg.x * 0.4f + bc.x * 0.6f, bg.y * 0.4f + bc.y * 0.6f, bg.z * 0.4f + bc.z * 0.6f, 0.95f));
        const ImVec2 c((rmin.x + rmax.x) * 0.5f, (rmin.y + rmax.y) * 0.5f);
        if (ImGui::Button("−##zo", ImVec2(bw, bh))) zoom_at(v, 1.0f / 1.5f, c);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", v.wheel_zoom ? TR("Zoom out (−, wheel, pinch)", "Dézoomer (−, molette, pincement)")
                                                 : TR("Zoom out (−, Ctrl+wheel, pinch)", "Dézoomer (−, Ctrl+molette, pincement)"));
        ImGui::SameLine();
        if (ImGui::Button("+##zi", ImVec2(bw, bh))) zoom_at(v, 1.5f, c);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", v.wheel_zoom ? TR("Zoom in (+, wheel, pinch); drag to pan", "Zoomer (+, molette, pincement) ; glisser pour déplacer")
                                                 : TR("Zoom in (+, Ctrl+wheel, pinch); drag to pan", "Zoomer (+, Ctrl+molette, pincement) ; glisser pour déplacer"));
        ImGui::SameLine();
        ImGui::BeginDisabled(v.fit);
        if (ImGui::Button("⊡##fit", ImVec2(bw, bh))) heatmap_reset_view(v);
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", TR("Show all (0, double-click)", "Tout afficher (0, double-clic)"));
        ImGui::PopStyleColor();
        ImGui::PopStyleVar(2);
        ImGui::SetCursorScreenPos(saved);
    }
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
