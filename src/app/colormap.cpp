// Colour maps: one table of control points used by the shader, the bars and the legends.
#include "colormap.h"
#include "i18n.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace ga::app {

// Light theme: ColorBrewer RdBu's blue half → near white → PuOr's orange half (blue/orange is safe
// for protanopia, deuteranopia and tritanopia alike, and survives a washed-out projector).
static const float kDivergingLight[kColormapStops * 3] = {
    0.020f, 0.188f, 0.380f,  // #053061
    0.129f, 0.400f, 0.675f,  // #2166ac
    0.263f, 0.576f, 0.765f,  // #4393c3
    0.573f, 0.773f, 0.871f,  // #92c5de
    0.969f, 0.969f, 0.969f,  // #f7f7f7  zero
    0.996f, 0.878f, 0.714f,  // #fee0b6
    0.992f, 0.722f, 0.388f,  // #fdb863
    0.878f, 0.510f, 0.078f,  // #e08214
    0.498f, 0.231f, 0.031f,  // #7f3b08
};
// Dark theme: zero is near-black and magnitude is brightness, so small weights recede and large
// ones (of either sign) stand out on a dark background.
static const float kDivergingDark[kColormapStops * 3] = {
    0.650f, 0.850f, 1.000f,  // light blue
    0.380f, 0.660f, 0.960f,
    0.200f, 0.440f, 0.780f,
    0.110f, 0.230f, 0.420f,
    0.085f, 0.085f, 0.095f,  // zero
    0.430f, 0.220f, 0.060f,
    0.780f, 0.420f, 0.090f,
    0.980f, 0.620f, 0.220f,
    1.000f, 0.870f, 0.620f,  // light orange
};
// Viridis, sampled at 9 points: perceptually uniform and colour-blind safe.
static const float kSequential[kColormapStops * 3] = {
    0.267f, 0.005f, 0.329f, 0.283f, 0.141f, 0.458f, 0.254f, 0.265f, 0.530f,
    0.207f, 0.372f, 0.553f, 0.164f, 0.471f, 0.558f, 0.128f, 0.567f, 0.551f,
    0.135f, 0.659f, 0.518f, 0.478f, 0.821f, 0.318f, 0.993f, 0.906f, 0.144f,
};

bool colormap_dark_theme() {
    if (!ImGui::GetCurrentContext()) return true;
    const ImVec4 c = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    return 0.2126f * c.x + 0.7152f * c.y + 0.0722f * c.z < 0.5f;
}

const float* colormap_stops(Colormap cm) {
    if (cm == CMAP_SEQUENTIAL) return kSequential;
    return colormap_dark_theme() ? kDivergingDark : kDivergingLight;
}

ImVec4 colormap_eval(Colormap cm, float v, float scale) {
    if (!std::isfinite(v)) return ImVec4(0.85f, 0.2f, 0.85f, 1.0f);
    if (!(scale > 0.0f)) scale = 1e-12f;
    float t = cm == CMAP_DIVERGING ? v / scale * 0.5f + 0.5f : v / scale;
    t = std::clamp(t, 0.0f, 1.0f);
    const float* s = colormap_stops(cm);
    const float f = t * float(kColormapStops - 1);
    const int i = std::min(int(f), kColormapStops - 2);
    const float a = f - float(i);
    const float* p = s + 3 * i;
    return ImVec4(p[0] + (p[3] - p[0]) * a, p[1] + (p[4] - p[1]) * a, p[2] + (p[5] - p[2]) * a, 1.0f);
}

ImU32 colormap_u32(Colormap cm, float v, float scale, float alpha) {
    ImVec4 c = colormap_eval(cm, v, scale);
    c.w = alpha;
    return ImGui::ColorConvertFloat4ToU32(c);
}

ImU32 colormap_text_on(ImVec4 bg) {
    const float lum = 0.2126f * bg.x + 0.7152f * bg.y + 0.0722f * bg.z;
    return lum > 0.5f ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
}

void colormap_legend(const char* id, Colormap cm, float scale, ImVec2 size, const char* label) {
    ImGui::PushID(id);
    const float fh = ImGui::GetFontSize();
    if (size.x <= 0) size.x = std::max(80.0f, ImGui::GetContentRegionAvail().x);
    if (size.y <= 0) size.y = fh * 2.6f + (label ? fh * 1.1f : 0.0f);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##legend", size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float bar_h = std::max(6.0f, fh * 0.8f);
    const float pad = fh * 1.6f;  // room for the end labels
    const float x0 = p0.x + pad, x1 = p0.x + size.x - pad, y0 = p0.y + 2, y1 = y0 + bar_h;
    const int segs = 64;
    const float lo = cm == CMAP_DIVERGING ? -scale : 0.0f;
    for (int i = 0; i < segs; i++) {
        const float a = float(i) / segs, b = float(i + 1) / segs;
        const ImU32 ca = colormap_u32(cm, lo + (scale - lo) * a, scale);
        const ImU32 cb = colormap_u32(cm, lo + (scale - lo) * b, scale);
        dl->AddRectFilledMultiColor(ImVec2(x0 + (x1 - x0) * a, y0), ImVec2(x0 + (x1 - x0) * b + 0.5f, y1), ca, cb, cb, ca);
    }
    dl->AddRect(ImVec2(x0, y0), ImVec2(x1, y1), ImGui::GetColorU32(ImGuiCol_Border));
    // As many ticks as fit without their numbers overlapping (5, 3 or just the ends).
    int nt = cm == CMAP_DIVERGING ? 5 : 3;
    const int sig = 2;  // "−9.1e-04" reads faster than "−9.12e-04" on a colour bar
    while (nt > 2) {
        // labels are centred on their ticks: neighbours need half of each label's width + a gap
        float widest = 0;
        for (int i = 0; i < nt; i++) widest = std::max(widest, ImGui::CalcTextSize(fmt_value(lo + (scale - lo) * float(i) / (nt - 1), sig).c_str()).x);
        if ((x1 - x0) / (nt - 1) >= widest + fh * 0.8f) break;
        nt = nt == 5 ? 3 : 2;
    }
    for (int i = 0; i < nt; i++) {
        const float a = float(i) / (nt - 1);
        const float v = lo + (scale - lo) * a;
        const float x = x0 + (x1 - x0) * a;
        dl->AddLine(ImVec2(x, y1), ImVec2(x, y1 + 3), ImGui::GetColorU32(ImGuiCol_Text));
        const std::string s = fmt_value(v, sig);
        const float w = ImGui::CalcTextSize(s.c_str()).x;
        dl->AddText(ImVec2(std::clamp(x - w * 0.5f, p0.x, p0.x + size.x - w), y1 + 3), ImGui::GetColorU32(ImGuiCol_Text), s.c_str());
    }
    if (label) {
        const float w = ImGui::CalcTextSize(label).x;
        dl->AddText(ImVec2(p0.x + (size.x - w) * 0.5f, y1 + 3 + fh), ImGui::GetColorU32(ImGuiCol_TextDisabled), label);
    }
    if (ImGui::IsItemHovered()) {
        const float a = std::clamp((ImGui::GetIO().MousePos.x - x0) / (x1 - x0), 0.0f, 1.0f);
        ImGui::SetTooltip("%s", fmt_value(lo + (scale - lo) * a).c_str());
    }
    ImGui::PopID();
}

std::string fmt_value(double v, int sig) {
    char buf[48];
    if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "+∞" : "−∞");
    if (v == 0.0) return "0";
    const double a = std::fabs(v);
    if (a >= 1e-3 && a < 1e5) {
        // fixed notation with `sig` significant digits
        const int mag = int(std::floor(std::log10(a)));
        const int dec = std::clamp(sig - 1 - mag, 0, 8);
        std::snprintf(buf, sizeof buf, "%.*f", dec, v);
    } else {
        std::snprintf(buf, sizeof buf, "%.*e", std::max(0, sig - 1), v);
    }
    std::string s = buf;
    if (s[0] == '-') s = "−" + s.substr(1);  // a real minus sign reads better on a projector
    if (lang() == LANG_FR)
        for (char& ch : s) if (ch == '.') ch = ',';
    return s;
}

} // namespace ga::app
