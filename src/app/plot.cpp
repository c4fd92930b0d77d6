// Line plots with ImDrawList: axes with nice ticks, optional log scale, reference line, vertical
// marker, legend, hover read-out, and min/max decimation so long histories stay cheap.
#include "plot.h"
#include "i18n.h"
#include <algorithm>
#include <cfloat>
#include <climits>
#include <cstdio>

namespace ga::app {

std::vector<double> plot_nice_ticks(double lo, double hi, int target) {
    std::vector<double> t;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi) || target < 1) return t;
    const double raw = (hi - lo) / target;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double r = raw / mag;
    const double step = (r < 1.5 ? 1.0 : r < 3.0 ? 2.0 : r < 7.0 ? 5.0 : 10.0) * mag;
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
        t.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
        if (t.size() > 100) break;
    }
    return t;
}

void plot_decimate(std::vector<ImVec2>* out, const float* x, const float* y, int n, double x0, double x1, int columns) {
    out->clear();
    if (n <= 0 || columns < 1 || !(x1 > x0)) return;
    const double scale = columns / (x1 - x0);
    int cur = INT32_MIN, first = -1, last = -1, imin = -1, imax = -1;
    auto flush = [&]() {
        if (first < 0) return;
        int idx[4] = {first, imin, imax, last};
        std::sort(idx, idx + 4);
        for (int k = 0; k < 4; k++) {
            if (k > 0 && idx[k] == idx[k - 1]) continue;
            out->push_back(ImVec2(x[idx[k]], y[idx[k]]));
        }
    };
    for (int i = 0; i < n; i++) {
        if (!std::isfinite(y[i]) || !std::isfinite(x[i])) continue;
        // Everything left of the range shares one bucket and everything right of it another, so
        // the line still enters and leaves the plot at the right height.
        int c = (int)std::floor((x[i] - x0) * scale);
        c = std::max(-1, std::min(columns, c));
        if (c != cur) {
            flush();
            cur = c;
            first = last = imin = imax = i;
        } else {
            last = i;
            if (y[i] < y[imin]) imin = i;
            if (y[i] > y[imax]) imax = i;
        }
    }
    flush();
}

static std::string tick_label(double v, double step) {
    int dec = 0;
    if (step > 0 && step < 1) dec = std::min(6, (int)std::ceil(-std::log10(step) - 1e-9));
    if (std::fabs(v) >= 1e5) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0e", v);
        return buf;
    }
    if (dec == 0 && std::fabs(v) >= 1000) return fmt_int((long long)std::llround(v));
    return fmt_float(v, dec);
}

void plot_lines(const char* id, ImVec2 size, const PlotConfig& cfg, const std::vector<PlotSeries>& series) {
    ImGui::PushID(id);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0) size.x = std::max(50.0f, avail.x);
    if (size.y <= 0) size.y = std::max(50.0f, avail.y);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##plot", size);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float lh = ImGui::GetTextLineHeight();
    const float ls = cfg.line_scale;

    // Data range in x.
    double x0 = cfg.x_min, x1 = cfg.x_max;
    if (!std::isfinite(x0) || !std::isfinite(x1)) {
        double dmin = DBL_MAX, dmax = -DBL_MAX;
        for (const PlotSeries& s : series)
            if (!s.x.empty()) { dmin = std::min(dmin, (double)s.x.front()); dmax = std::max(dmax, (double)s.x.back()); }
        if (!std::isfinite(x0)) x0 = dmin == DBL_MAX ? 0.0 : dmin;
        if (!std::isfinite(x1)) x1 = dmax == -DBL_MAX ? 1.0 : dmax;
    }
    if (!(x1 > x0)) x1 = x0 + 1.0;

    // Legend width: if it does not fit beside the y-axis label, it gets its own line.
    float legend_w = 0.0f;
    for (const PlotSeries& s : series)
        if (!s.label.empty()) legend_w += ImGui::CalcTextSize(s.label.c_str()).x + 36.0f;
    const float ylab_w = cfg.y_label.empty() ? 0.0f : ImGui::CalcTextSize(cfg.y_label.c_str()).x;
    const bool legend_below = ylab_w + legend_w + 16.0f > size.x;
    const float legend_y = p0.y + (legend_below ? lh * 1.15f : 0.0f);

    // Plot area: margins for tick labels.
    const float left = ImGui::CalcTextSize("00.000").x + 8.0f;
    const float top = lh * (legend_below ? 2.35f : 1.2f), bottom = lh * 2.3f, right = 10.0f;
    const ImVec2 a0(p0.x + left, p0.y + top), a1(p0.x + size.x - right, p0.y + size.y - bottom);
    const int columns = std::max(1, (int)(a1.x - a0.x));

    // Decimate every series once, then find the y range of what is visible.
    std::vector<std::vector<ImVec2>> dec(series.size());
    double ylo = DBL_MAX, yhi = -DBL_MAX;
    for (size_t k = 0; k < series.size(); k++) {
        const PlotSeries& s = series[k];
        plot_decimate(&dec[k], s.x.data(), s.y.data(), (int)std::min(s.x.size(), s.y.size()), x0, x1, columns);
        for (const ImVec2& p : dec[k]) {
            if (p.x < x0 || p.x > x1) continue;
            if (cfg.log_y && p.y <= 0) continue;
            ylo = std::min(ylo, (double)p.y);
            yhi = std::max(yhi, (double)p.y);
        }
    }
    if (std::isfinite(cfg.ref_y) && ylo != DBL_MAX) { ylo = std::min(ylo, (double)cfg.ref_y); yhi = std::max(yhi, (double)cfg.ref_y); }
    if (ylo == DBL_MAX) { ylo = cfg.log_y ? 0.1 : 0.0; yhi = std::isfinite(cfg.ref_y) ? cfg.ref_y * 1.1 : 1.0; }
    auto fy = [&](double v) { return cfg.log_y ? std::log10(std::max(v, 1e-12)) : v; };
    double flo = fy(ylo), fhi = fy(yhi);
    if (!(fhi > flo)) { flo -= 0.5; fhi += 0.5; }
    const double pad = 0.06 * (fhi - flo);
    flo -= pad; fhi += pad;
    if (!cfg.log_y && ylo >= 0 && flo < 0) flo = 0;  // losses are never negative

    auto sx = [&](double v) { return float(a0.x + (v - x0) / (x1 - x0) * (a1.x - a0.x)); };
    auto sy = [&](double v) { return float(a1.y - (fy(v) - flo) / (fhi - flo) * (a1.y - a0.y)); };

    const ImU32 grid = IM_COL32(255, 255, 255, 28), axis = IM_COL32(200, 200, 200, 160);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    dl->AddRectFilled(a0, a1, IM_COL32(0, 0, 0, 60));

    // Y ticks: in log scale, decades (1, 2, 5 within them when the range is narrow); else nice ticks.
    std::vector<double> yt;
    if (cfg.log_y) {
        const double vlo = std::pow(10.0, flo), vhi = std::pow(10.0, fhi);
        if (fhi - flo > 1.5) {
            for (int e = (int)std::floor(flo); e <= (int)std::ceil(fhi); e++)
                for (double m : {1.0, 2.0, 5.0}) {
                    const double v = m * std::pow(10.0, e);
                    if (v >= vlo && v <= vhi && (fhi - flo < 4 || m == 1.0)) yt.push_back(v);
                }
        } else {
            yt = plot_nice_ticks(vlo, vhi, 5);
        }
    } else {
        yt = plot_nice_ticks(flo, fhi, std::max(2, (int)((a1.y - a0.y) / (lh * 2.2f))));
    }
    const double ystep = yt.size() > 1 ? std::fabs(yt[1] - yt[0]) : 1.0;
    for (double v : yt) {
        if (cfg.log_y && v <= 0) continue;
        const float y = sy(v);
        if (y < a0.y - 1 || y > a1.y + 1) continue;
        dl->AddLine(ImVec2(a0.x, y), ImVec2(a1.x, y), grid);
        const std::string lab = tick_label(v, cfg.log_y ? std::min(ystep, v) : ystep);
        const ImVec2 ts = ImGui::CalcTextSize(lab.c_str());
        dl->AddText(ImVec2(a0.x - ts.x - 4, y - ts.y * 0.5f), text, lab.c_str());
    }
    // X ticks.
    std::vector<double> xt = plot_nice_ticks(x0, x1, std::max(2, (int)((a1.x - a0.x) / (lh * 5.0f))));
    if (cfg.x_integer && xt.size() > 1 && xt[1] - xt[0] < 1.0) {
        xt.clear();
        for (double v = std::ceil(x0); v <= x1; v += 1.0) xt.push_back(v);
    }
    const double xstep = xt.size() > 1 ? xt[1] - xt[0] : 1.0;
    for (double v : xt) {
        const float x = sx(v);
        dl->AddLine(ImVec2(x, a0.y), ImVec2(x, a1.y), grid);
        const std::string lab = tick_label(v, xstep);
        const ImVec2 ts = ImGui::CalcTextSize(lab.c_str());
        dl->AddText(ImVec2(std::min(x - ts.x * 0.5f, a1.x - ts.x), a1.y + 3), text, lab.c_str());
    }
    dl->AddRect(a0, a1, axis);
    if (!cfg.x_label.empty()) {
        const ImVec2 ts = ImGui::CalcTextSize(cfg.x_label.c_str());
        dl->AddText(ImVec2(a0.x + (a1.x - a0.x - ts.x) * 0.5f, a1.y + lh + 6), dim, cfg.x_label.c_str());
    }
    if (!cfg.y_label.empty()) dl->AddText(ImVec2(p0.x, p0.y), dim, cfg.y_label.c_str());

    dl->PushClipRect(a0, a1, true);
    // Reference line (dashed) and vertical marker.
    if (std::isfinite(cfg.ref_y)) {
        const float y = sy(cfg.ref_y);
        const ImU32 c = IM_COL32(190, 190, 190, 200);
        for (float x = a0.x; x < a1.x; x += 12.0f) dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + 7.0f, a1.x), y), c, 1.5f * ls);
        if (!cfg.ref_label.empty()) {
            // Too wide for a narrow plot (phones, lecture mode): keep what comes before the ":"
            // ("ln V = 3.61: random guessing" → "ln V = 3.61").
            std::string lab = cfg.ref_label;
            ImVec2 ts = ImGui::CalcTextSize(lab.c_str());
            const size_t colon = lab.find(':');
            if (ts.x + 8 > a1.x - a0.x && colon != std::string::npos) {
                lab.erase(colon);
                while (!lab.empty() && lab.back() == ' ') lab.pop_back();
                ts = ImGui::CalcTextSize(lab.c_str());
            }
            const float ty = (y - ts.y - 2 > a0.y) ? y - ts.y - 2 : y + 2;
            dl->AddText(ImVec2(a1.x - ts.x - 4, ty), c, lab.c_str());
        }
    }
    if (std::isfinite(cfg.mark_x) && cfg.mark_x >= x0 && cfg.mark_x <= x1) {
        const float x = sx(cfg.mark_x);
        const ImU32 c = IM_COL32(204, 121, 167, 230);  // Okabe-Ito reddish purple
        dl->AddLine(ImVec2(x, a0.y), ImVec2(x, a1.y), c, 2.0f * ls);
        if (!cfg.mark_label.empty()) dl->AddText(ImVec2(x + 4, a1.y - lh - 2), c, cfg.mark_label.c_str());
    }
    // Series.
    std::vector<ImVec2> pts;
    for (size_t k = 0; k < series.size(); k++) {
        const PlotSeries& s = series[k];
        pts.clear();
        for (const ImVec2& p : dec[k]) {
            if (cfg.log_y && p.y <= 0) continue;
            pts.push_back(ImVec2(sx(p.x), sy(p.y)));
        }
        if (pts.size() >= 2) dl->AddPolyline(pts.data(), (int)pts.size(), s.color, 0, s.thickness * ls);
        if (s.markers && s.x.size() < 400)
            for (const ImVec2& p : pts) dl->AddCircleFilled(p, 3.0f * ls, s.color);
        else if (pts.size() == 1)
            dl->AddCircleFilled(pts[0], 2.5f * ls, s.color);
    }
    dl->PopClipRect();

    // Legend (top right, above the plot area).
    float lx = a1.x;
    for (size_t k = series.size(); k-- > 0;) {
        const PlotSeries& s = series[k];
        if (s.label.empty()) continue;
        const ImVec2 ts = ImGui::CalcTextSize(s.label.c_str());
        lx -= ts.x;
        dl->AddText(ImVec2(lx, legend_y), text, s.label.c_str());
        lx -= 22.0f;
        const float y = legend_y + ts.y * 0.5f;
        dl->AddLine(ImVec2(lx, y), ImVec2(lx + 16.0f, y), s.color, 3.0f * ls);
        lx -= 14.0f;
    }

    // Hover: vertical guide and nearest value of each series.
    const ImVec2 mp = ImGui::GetIO().MousePos;
    if (hovered && mp.x >= a0.x && mp.x <= a1.x) {
        const double xv = x0 + (mp.x - a0.x) / (a1.x - a0.x) * (x1 - x0);
        dl->AddLine(ImVec2(mp.x, a0.y), ImVec2(mp.x, a1.y), IM_COL32(255, 255, 255, 90));
        std::string tip;
        for (const PlotSeries& s : series) {
            const size_t n = std::min(s.x.size(), s.y.size());
            if (n == 0) continue;
            size_t i = (size_t)(std::lower_bound(s.x.begin(), s.x.begin() + n, (float)xv) - s.x.begin());
            if (i >= n) i = n - 1;
            if (i > 0 && std::fabs(s.x[i - 1] - xv) < std::fabs(s.x[i] - xv)) i--;
            if (!std::isfinite(s.y[i])) continue;
            char buf[160];
            std::snprintf(buf, sizeof buf, "%s%s: %s @ %s", tip.empty() ? "" : "\n", s.label.c_str(),
                          fmt_float(s.y[i], 4).c_str(), fmt_int((long long)s.x[i]).c_str());
            tip += buf;
            dl->AddCircle(ImVec2(sx(s.x[i]), sy(s.y[i])), 5.0f * ls, s.color, 12, 2.0f);
        }
        if (!tip.empty()) ImGui::SetTooltip("%s", tip.c_str());
    }
    ImGui::PopID();
}

} // namespace ga::app
