// Text that wraps at the window's edge without ever breaking a number. Dear ImGui 1.86 also
// breaks lines after '.' and ',' (its word wrap treats them as separators), which split
// "(−0.627)" into "(−0." / "627)", "1.0e-08" into "1." / "0e-08" and "27,680" into "27," / "680".
// Here a line breaks only at a space: a number, a formula term such as "(x)·(w)" or a tensor
// name always stays whole on one line (French writes 27 680 with a narrow no-break space, U+202F,
// which is not a break either).
#pragma once
#include "imgui.h"
#include <functional>
#include <string_view>
#include <vector>

namespace ga::app {

// Width in pixels of a piece of text (ImGui::CalcTextSize in the app; anything in tests).
using TextMeasure = std::function<float(std::string_view)>;

// The length of the first line of `text` when lines may be `width` wide: as many whole words as
// fit (words are separated by ASCII spaces; '\n' always ends a line). A word wider than the line
// is not cut: it is the line. The separating spaces are not part of either line.
size_t wrap_first_line(std::string_view text, float width, const TextMeasure& measure);
// Every line of `text` wrapped at `width` (leading spaces of continuation lines dropped).
std::vector<std::string_view> wrap_lines(std::string_view text, float width, const TextMeasure& measure);

// Like ImGui::TextWrapped / TextDisabled / TextColored, with the line breaks above. The first line
// may follow a SameLine() and wraps at the window's edge; the next lines start at the left.
void text_wrap(const char* fmt, ...) IM_FMTARGS(1);
void text_wrap_disabled(const char* fmt, ...) IM_FMTARGS(1);
void text_wrap_colored(const ImVec4& col, const char* fmt, ...) IM_FMTARGS(2);
void text_wrap_unformatted(std::string_view text);

} // namespace ga::app
