// Helpers shared by the tensor views (heatmap, bias bars, model map, formulas, parameter table):
// which buffer a view quantity (W, ∂L/∂W, ΔW, m, v) lives in, what a row/column of a tensor
// means, localised tensor names, and the weight/neuron the formula panel explains.
#pragma once
#include "app.h"
#include "colormap.h"  // fmt_value
#include "heatmap.h"   // ScaleMode
#include "imgui.h"
#include <string>

namespace ga::app {

// The buffer of `q` for tensor p (numel floats), or null when it does not exist yet (no step
// taken, SGD has no m/v, ΔW not kept).
const float* view_data(const AppState& s, const ParamTensor& p, ViewQuantity q);
bool view_available(const AppState& s, ViewQuantity q);
const char* view_symbol(ViewQuantity q);       // "W", "∂L/∂W", "ΔW", "m", "v"
const char* view_description(ViewQuantity q);  // a sentence for learners (localised)
const char* view_reason_missing(const AppState& s, ViewQuantity q);  // why it is not there yet
// The colour/height scale choice shared by the heatmap and the bars: max |x| or 99th percentile.
// Returns true when the user changed it. wrap: go to the next line when the row is full.
bool scale_mode_combo(const char* id, ScaleMode* mode, bool wrap);
// The fonts the platform layer loads (src/platform/main_emscripten.cpp: [0] sans, [1] mono for
// numbers, [2] bold for titles); the current font if one is missing.
ImFont* font_mono();
ImFont* font_bold();
// Hover tooltips of the heatmap and the bars: W, ∂L/∂W, ΔW (and Adam's m, v when present) of one
// element as a two-column table, the current view highlighted. weight_symbol replaces "W" on the
// first row (γ, β or b for vectors).
void values_table(const AppState& s, const ParamTensor& p, size_t index, const char* weight_symbol = nullptr);

// The W / ∂L/∂W / ΔW / m / v switch (radio buttons on one line). Returns true when changed.
// compact: one small combo instead (short windows: lecture mode, small iframes).
bool view_quantity_selector(AppState& s, bool compact = false);

// Localised role of a tensor: "token embedding" / "plongement des tokens", "W_QKV", ...
const char* param_role(ParamKind k);
// Short label for diagrams: "wte", "W_QKV", "b1", "γ₁" (LN gain), ...
const char* param_short(ParamKind k);
// "block 3 · W_QKV" style title for a table entry.
std::string param_title(const GPT& m, int index);

// What row r and column c of a rank-2 tensor mean (for tooltips and axis labels):
// e.g. W_QKV: row "input dim 5", column "K · head 1 · dim 3". Uses the tokenizer for wte rows.
std::string row_meaning(const AppState& s, const ParamTensor& p, int r);
std::string col_meaning(const AppState& s, const ParamTensor& p, int c);
const char* row_axis_name(const ParamTensor& p);   // "input dim i" / "token id" / "position"
const char* col_axis_name(const ParamTensor& p);   // "output dim j" / "embedding dim"

// The weight (and neuron) the formula panel explains; set by clicking a heatmap cell or a bar.
FormulaPick& formula_pick();   // AppState::formula_pick


// `pretty` when the current font has every glyph of it (e.g. "m̂", "wteᵀ"), else `plain`
// ("m_hat", "wte^T"): combining marks and modifier letters are outside some glyph ranges.
const char* glyph_text(const char* pretty, const char* plain);

// Toolbars that wrap on narrow windows (phones, tablets, long French labels): SameLine() when an
// item `next_w` pixels wide still fits after the last one, else the item starts the next line.
void same_line_if_fits(float next_w, float spacing = -1.0f);
// Width for a labelled widget (label on its right, maybe a "(?)" after it): `preferred`, or less so
// that the label stays inside the window (narrow tiles, lecture mode's big font).
float fit_item_width(float preferred, const char* label, bool help_marker = true);
// ":" as each language writes it after a label: "x:" in English, "x :" in French.
inline const char* colon() { return lang() == LANG_FR ? " :" : ":"; }
// Greyed-out text that wraps at the window's edge (hints, notes).
void text_disabled_wrapped(const char* text);
// Width of a checkbox / radio button with this label (the part before "##").
float toggle_width(const char* label);

// Display format for ImGui's float widgets that writes the number the way the language does:
// ImGui formats with printf, which always writes "0.001"; in French this returns the literal
// text "0,001" (no conversion left, so ImGui shows it as is and does not round the value).
// English: returns cfmt unchanged. buf must live until the widget call.
const char* num_format(char* buf, size_t n, const char* cfmt, double v);

// Index of the tensor with this kind in block `layer` (-1 for outside blocks), or -1.
int find_tensor(const GPT& m, ParamKind k, int layer);

} // namespace ga::app
