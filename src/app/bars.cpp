// The bars widget (see bars.h).
#include "bars.h"
#include "i18n.h"
#include "views.h"   // fmt_value
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ga::app {

namespace {

struct BarsGeom {
    ScreenRect r;      // the bars' area
    float ymid = 0, half = 0;
    float base = 0, scale = 1;
    float y(float v) const { return ymid - std::clamp((v - base) / scale, -1.0f, 1.0f) * half; }
};

// One rect per visible element (culled to the visible range).
void draw_each(ImDrawList* dl, const BarsView& b, const BarsGeom& g, const float* data, int n, int hover, int highlight) {
    const double per_px = b.view.span().x / std::max(1.0f, g.r.size().x);
    const int j0 = std::max(0, int(std::floor(b.view.lo.x))), j1 = std::min(n, int(std::ceil(b.view.hi.x)));
    const float bw = float(1.0 / per_px);
    const float gap = bw > 6 ? 1.0f : 0.0f;
    for (int j = j0; j < j1; j++) {
        const float x = cell_to_screen(b.view, g.r, glm::dvec2(j, 0)).x;
        const float v = data[j];
        const float y = std::isfinite(v) ? g.y(v) : g.r.min.y;
        dl->AddRectFilled(ImVec2(x + gap, std::min(y, g.ymid)), ImVec2(x + bw - gap, std::max(y, g.ymid) + 0.5f),
                          colormap_u32(CMAP_DIVERGING, v - g.base, g.scale));
        if (j == hover) dl->AddRect(ImVec2(x, g.r.min.y), ImVec2(x + bw, g.r.max.y), ImGui::GetColorU32(ImGuiCol_Text));
        if (j == highlight) dl->AddRect(ImVec2(x - 1, g.r.min.y), ImVec2(x + bw + 1, g.r.max.y), IM_COL32(255, 40, 200, 255), 0, 0, 2.0f);
    }
}

// More elements than pixels: one span per pixel column from its min to its max.
void draw_spans(ImDrawList* dl, const BarsView& b, const BarsGeom& g, const float* data, int n, int hover) {
    const float w = g.r.size().x;
    const double per_px = b.view.span().x / std::max(1.0f, w);
    for (int px = 0; px < int(w); px++) {
        const int j0 = std::max(0, int(std::floor(b.view.lo.x + px * per_px)));
        const int j1 = std::min(n, std::max(j0 + 1, int(std::floor(b.view.lo.x + (px + 1) * per_px))));
        float lo = g.base, hi = g.base, big = 0.0f;
        for (int j = j0; j < j1; j++) {
            const float v = data[j];
            if (!std::isfinite(v)) { hi = g.base + g.scale; big = NAN; break; }
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            if (std::fabs(v - g.base) > std::fabs(big)) big = v - g.base;
        }
        const float x = g.r.min.x + px;
        dl->AddRectFilled(ImVec2(x, g.y(hi)), ImVec2(x + 1, g.y(lo) + 0.5f), colormap_u32(CMAP_DIVERGING, big, g.scale));
    }
    if (hover >= 0) {
        const float x = cell_to_screen(b.view, g.r, glm::dvec2(hover, 0)).x;
        dl->AddLine(ImVec2(x, g.r.min.y), ImVec2(x, g.r.max.y), ImGui::GetColorU32(ImGuiCol_Text));
    }
}

// base ± scale on the left (a very short area keeps those that do not overlap), indices below.
void draw_axes(ImDrawList* dl, const BarsView& b, const BarsGeom& g, float x_left, int n) {
    const float fh = ImGui::GetFontSize();
    const ImU32 tc = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const float h = g.r.size().y;
    if (h >= 2 * fh) {
        dl->AddText(ImVec2(x_left, g.r.min.y), tc, fmt_value(g.base + g.scale).c_str());
        dl->AddText(ImVec2(x_left, g.r.max.y - fh), tc, fmt_value(g.base - g.scale).c_str());
    }
    if (h >= 3 * fh || h < 2 * fh) dl->AddText(ImVec2(x_left, g.ymid - fh * 0.5f), tc, fmt_value(g.base).c_str());
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d", n);
    for (int j : tick_cells(b.view.lo.x, b.view.hi.x, g.r.size().x, ImGui::CalcTextSize(buf).x + 16)) {
        const float x = cell_to_screen(b.view, g.r, glm::dvec2(j + 0.5, 0)).x;
        std::snprintf(buf, sizeof buf, "%d", j);
        const float tw = ImGui::CalcTextSize(buf).x;
        if (x - tw * 0.5f < g.r.min.x - 2 || x + tw * 0.5f > g.r.max.x + 2) continue;
        dl->AddText(ImVec2(x - tw * 0.5f, g.r.max.y + 2), tc, buf);
    }
}

} // namespace

int bars_widget(const char* id, BarsView& b, const float* data, int n, const BarsStyle& st, ImVec2 size) {
    b.clicked = false;
    if (!data || n <= 0) { ImGui::Dummy(ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f))); return -1; }
    if (b.n != n) { b.n = n; b.reset(); b.ptr.tap.tap_outside(); }
    if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
    const float fh = ImGui::GetFontSize();
    BarsGeom g;
    g.base = st.base;
    g.scale = st.scale > 0 && std::isfinite(st.scale) ? st.scale : 1.0f;
    const std::string top = fmt_value(g.base + g.scale), bot = fmt_value(g.base - g.scale), mid = fmt_value(g.base);
    const float ml = std::max({ImGui::CalcTextSize(top.c_str()).x, ImGui::CalcTextSize(bot.c_str()).x, ImGui::CalcTextSize(mid.c_str()).x}) + 8;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    g.r = ScreenRect{glm::vec2(p0.x + ml, p0.y), glm::vec2(p0.x + size.x, p0.y + size.y - fh - 4)};
    if (g.r.max.x <= g.r.min.x) g.r.max.x = g.r.min.x + 1;
    g.ymid = 0.5f * (g.r.min.y + g.r.max.y);
    g.half = 0.5f * g.r.size().y - 2;
    b.rect = g.r;
    ImGui::PushID(id);
    ImGui::InvisibleButton("##bars", size);
    const bool hovered = ImGui::IsItemHovered();
    ImGuiIO& io = ImGui::GetIO();
    view_pointer_input(b.view, g.r, b.ptr, &b, hovered);
    if (hovered && ImGui::IsMouseDoubleClicked(0)) b.reset();
    int hover = -1;
    const glm::vec2 mp(io.MousePos.x, io.MousePos.y);
    if (hovered && mp.x >= g.r.min.x && mp.x < g.r.max.x)   // the whole height of a column counts
        hover = std::clamp(int(std::floor(screen_to_cell(b.view, g.r, mp).x)), 0, n - 1);
    const bool tapped = ImGui::IsItemDeactivated() && !b.ptr.dragging;
    if (tapped && hover >= 0) { b.clicked = true; b.clicked_index = hover; }
    int tr = -1, tc = -1;   // a finger has no hover: the tapped bar stays shown instead
    if (view_tap_read(b.ptr, tapped, hover >= 0, 0, hover, &tr, &tc)) hover = tc;
    ImGui::PopID();

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 a(g.r.min.x, g.r.min.y), z(g.r.max.x, g.r.max.y);
    dl->AddRectFilled(a, z, ImGui::GetColorU32(ImGuiCol_FrameBg));
    dl->PushClipRect(a, z, true);
    if (b.view.span().x / g.r.size().x <= 1.0) draw_each(dl, b, g, data, n, hover, st.highlight);
    else draw_spans(dl, b, g, data, n, hover);
    dl->AddLine(ImVec2(a.x, g.ymid), ImVec2(z.x, g.ymid), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    dl->PopClipRect();
    dl->AddRect(a, z, ImGui::GetColorU32(ImGuiCol_Border));
    draw_axes(dl, b, g, p0.x, n);
    return b.ptr.dragging ? -1 : hover;
}

void bars_zoom_buttons(BarsView& b, bool show_range) {
    ImGui::BeginGroup();
    if (ImGui::Button("−###bzo")) b.view.zoom(1.0 / 1.5, glm::dvec2(0.5));
    ImGui::SameLine();
    if (ImGui::Button("+###bzi")) b.view.zoom(1.5, glm::dvec2(0.5));
    ImGui::SameLine();
    const int first = int(b.view.lo.x), last = int(std::ceil(b.view.hi.x)) - 1;
    if (ImGui::Button(TR("all###ball", "tout###ball"))) b.reset();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s %d–%d / %d", TR("showing", "affichés :"), first, last, b.n);
    if (show_range) ImGui::TextDisabled("%d–%d / %d", first, last, b.n);
    ImGui::EndGroup();
}

} // namespace ga::app
