// Number-safe word wrap (see wrap.h).
#include "wrap.h"
#include "imgui_internal.h"   // the window's indent (is the cursor after a SameLine?)
#include <cstdarg>
#include <cstdio>
#include <string>

namespace ga::app {

size_t wrap_first_line(std::string_view text, float width, const TextMeasure& measure) {
    const size_t nl = text.find('\n');
    const std::string_view para = text.substr(0, nl);
    if (measure(para) <= width) return para.size();
    size_t fit = 0;     // end of the longest run of whole words that fits
    size_t pos = 0;
    while (pos < para.size()) {
        size_t end = para.find(' ', pos);
        if (end == std::string_view::npos) end = para.size();
        if (end > pos) {   // a word [pos, end)
            if (fit > 0 && measure(para.substr(0, end)) > width) break;
            fit = end;
            if (measure(para.substr(0, end)) > width) break;   // the first word alone is too wide: it is the line
        }
        pos = end + 1;
    }
    return fit > 0 ? fit : para.size();
}

std::vector<std::string_view> wrap_lines(std::string_view text, float width, const TextMeasure& measure) {
    std::vector<std::string_view> lines;
    bool first = true;
    while (first || !text.empty()) {
        if (!first) {
            size_t skip = 0;
            while (skip < text.size() && text[skip] == ' ') skip++;
            text.remove_prefix(skip);
        }
        const size_t n = wrap_first_line(text, width, measure);
        lines.push_back(text.substr(0, n));
        text.remove_prefix(n);
        if (!text.empty() && text[0] == '\n') { text.remove_prefix(1); first = true; if (text.empty()) lines.push_back(text); continue; }
        first = false;
    }
    return lines;
}

void text_wrap_unformatted(std::string_view text) {
    const TextMeasure measure = [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; };
    ImGui::PushTextWrapPos(-1.0f);   // the lines below fit: ImGui must not break them again
    // After a SameLine() the first line has what is left of the row (if not even one word fits
    // there, it starts on the next row); the other lines are one text block, spaced like ImGui's
    // own wrapped text.
    const ImGuiWindow* w = ImGui::GetCurrentWindowRead();
    const float line_start = w->Pos.x + w->DC.Indent.x + w->DC.ColumnsOffset.x;
    if (ImGui::GetCursorScreenPos().x > line_start + 1.0f) {
        const size_t n = wrap_first_line(text, ImGui::GetContentRegionAvail().x, measure);
        if (measure(text.substr(0, n)) > ImGui::GetContentRegionAvail().x) {
            ImGui::NewLine();
        } else {
            ImGui::TextUnformatted(text.data(), text.data() + n);
            text.remove_prefix(n);
            if (!text.empty() && text[0] == '\n') text.remove_prefix(1);
            while (!text.empty() && text[0] == ' ') text.remove_prefix(1);
            if (text.empty()) { ImGui::PopTextWrapPos(); return; }
        }
    }
    std::string block;
    for (std::string_view line : wrap_lines(text, ImGui::GetContentRegionAvail().x, measure)) {
        block.append(line.data(), line.size());
        block += '\n';
    }
    if (!block.empty()) block.pop_back();
    ImGui::TextUnformatted(block.c_str(), block.c_str() + block.size());
    ImGui::PopTextWrapPos();
}

static void vwrap(const char* fmt, va_list args) {
    char buf[2048];
    std::vsnprintf(buf, sizeof buf, fmt, args);
    text_wrap_unformatted(buf);
}

void text_wrap(const char* fmt, ...) {
    va_list a;
    va_start(a, fmt);
    vwrap(fmt, a);
    va_end(a);
}

void text_wrap_disabled(const char* fmt, ...) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    va_list a;
    va_start(a, fmt);
    vwrap(fmt, a);
    va_end(a);
    ImGui::PopStyleColor();
}

void text_wrap_colored(const ImVec4& col, const char* fmt, ...) {
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    va_list a;
    va_start(a, fmt);
    vwrap(fmt, a);
    va_end(a);
    ImGui::PopStyleColor();
}

} // namespace ga::app
