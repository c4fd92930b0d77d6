// panel_inspector: a prompt → the model's next-token probabilities (top-k bars), the attention
// pattern of every head (T×T heatmaps), the MLP activations of the last position, and generated
// text (temperature, top-k) streamed one token per frame. Every forward pass runs on a probe
// model that borrows the trainer's weights, so training state and activations are untouched.
#include "app.h"
#include "sampling.h"
#include "colormap.h"
#include "heatmap.h"
#include "presenter.h"
#include "probe.h"
#include "edits.h"
#include "views.h"     // num_format
#include "utf8.h"
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace ga::app {

// Token bytes → something visible: spaces and newlines become ␣ and ↵, other control bytes and
// bytes that are not valid UTF-8 (a BPE token can be half a character) become \xNN.
// (␣ and ↵ when the font atlas has them — the atlas holds only the glyph ranges the platform asked for.)
static std::string printable(const std::string& bytes) {
    ImFont* font = ImGui::GetIO().Fonts->Fonts.Size > 0 ? ImGui::GetIO().Fonts->Fonts[0] : nullptr;
    const bool has_space_mark = font && font->FindGlyphNoFallback((ImWchar)0x2423);
    std::string out;
    const unsigned char* u = reinterpret_cast<const unsigned char*>(bytes.data());
    const size_t n = bytes.size();
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        const size_t len = utf8_decode(u, n, i, &cp);
        char buf[8];
        if (len == 0) { std::snprintf(buf, sizeof buf, "\\x%02X", u[i]); out += buf; i++; continue; }
        if (cp == ' ') out += has_space_mark ? "\xE2\x90\xA3" : "\xC2\xB7";  // ␣ or ·
        else if (cp == '\n') out += "\xE2\x86\xB5";      // ↵
        else if (cp == '\t') out += "\xE2\x87\xA5";      // ⇥
        else if (cp < 0x20 || cp == 0x7F) { std::snprintf(buf, sizeof buf, "\\x%02X", (unsigned)cp); out += buf; }
        else out.append(bytes, i, len);
        i += len;
    }
    return out;
}

// Drops a trailing incomplete UTF-8 sequence (streamed BPE text can end mid-character).
static size_t complete_utf8_prefix(const std::string& s) {
    size_t i = s.size(), k = 0;
    while (i > 0 && k < 3 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) { i--; k++; }
    if (i == 0) return s.size();
    const unsigned char c = static_cast<unsigned char>(s[i - 1]);
    size_t need = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    return (need > k + 1) ? i - 1 : s.size();
}

using Inspector = InspectorPanelState;

// Until the user types one, the prompt is the beginning of a line of the validation text (so it is
// always in the model's alphabet and looks like what it was trained on).
static void auto_prompt(AppState& s, Inspector& I) {
    if (!I.prompt_edited) data_wanted(s);   // a deferred data set: its text comes, then the prompt
    const Trainer& tr = s.trainer;
    if (I.prompt_edited || (I.prompt_epoch == s.model_epoch && I.prompt_for_data == s.data_name &&
                            I.prompt_for_data_size == tr.data.val.size()))
        return;
    I.prompt_epoch = s.model_epoch;
    I.prompt_for_data = s.data_name;
    I.prompt_for_data_size = tr.data.val.size();
    const std::vector<int>& v = tr.data.val.empty() ? tr.data.train : tr.data.val;
    std::string text;
    if (!v.empty()) {
        size_t start = 0;
        for (size_t i = 0; i + 1 < v.size() && i < 400; i++) {
            const std::string t = tr.tokenizer.decode_one(v[i]);
            if (t == "\n" || t == ". " || t == "\n\n") { start = i + 1; break; }
        }
        const size_t n = tr.tokenizer.kind == TOK_CHAR ? 12 : 6;
        for (size_t i = start; i < v.size() && i < start + n; i++) text += tr.tokenizer.decode_one(v[i]);
    } else {
        text = "To be, or not";
    }
    std::vector<int> ids;
    if (!tr.tokenizer.encode(text, &ids).empty()) text.clear();  // (never a prompt the model cannot read)
    std::snprintf(I.prompt, sizeof I.prompt, "%s", text.c_str());
}

static void analyse(AppState& s, Inspector& I) {
    Trainer& tr = s.trainer;
    GPT& probe = I.probe;
    I.enc_prompt = I.prompt;
    I.enc_error.clear();
    I.ids.clear();
    I.top.clear();
    I.T = 0;
    std::string err = tr.tokenizer.encode(I.enc_prompt, &I.ids);
    if (!err.empty()) { I.enc_error = Msg(err, err); I.ids.clear(); return; }
    const int nctx = tr.model.cfg.n_ctx;
    if ((int)I.ids.size() > nctx) I.ids.erase(I.ids.begin(), I.ids.end() - nctx);
    if (I.ids.empty()) return;
    const int T = (int)I.ids.size();
    if (!probe_forward(probe, tr.model, tr.model.params, I.ids.data(), nullptr, 1, T)) {
        I.enc_error = Msg("the prompt's tokens do not fit this model", "les jetons du texte ne conviennent pas à ce modèle");
        return;
    }
    const GPTConfig& c = tr.model.cfg;
    I.T = T; I.L = c.n_layer; I.NH = c.n_head; I.C4 = 4 * c.n_embd; I.V = c.vocab_size;
    I.att.assign(probe.acts.att.begin(), probe.acts.att.begin() + (size_t)I.L * I.NH * T * T);  // B = 1
    I.gelu.resize((size_t)I.L * I.C4);
    for (int l = 0; l < I.L; l++) {
        const float* src = probe.acts.fch_gelu.data() + ((size_t)l * T + (T - 1)) * I.C4;
        std::copy(src, src + I.C4, I.gelu.begin() + (size_t)l * I.C4);
    }
    const float* p = probe.acts.probs.data() + (size_t)(T - 1) * I.V;
    std::vector<std::pair<float, int>> all((size_t)I.V);
    for (int v = 0; v < I.V; v++) all[v] = {p[v], v};
    const int k = std::min(I.V, 20);
    std::partial_sort(all.begin(), all.begin() + k, all.end(),
                      [](const std::pair<float, int>& a, const std::pair<float, int>& b) { return a.first > b.first; });
    I.top.assign(all.begin(), all.begin() + k);
}

// One streamed token per frame, through the same command as the page's anatomy.generate().
static void generate_one(AppState& s, Inspector& I) {
    if (!I.gen.active()) return;
    std::string why;
    if (!cmd_gen_next(s, I.gen, &why) && !why.empty()) I.gen_error = Msg(why, why);
}

static void start_generation(AppState& s, Inspector& I) {
    I.gen_error.clear();
    I.gen_prompt = I.prompt;
    // temperatures near 0 are greedy (the slider cannot reach exactly 0)
    const double t = I.temperature <= 0.01f ? 0.0 : I.temperature;
    const std::string err = cmd_gen_begin(s, I.gen, I.prompt, t, I.top_k, double(I.gen_seed), I.max_new);
    if (!err.empty()) I.gen_error = s.error;
}

static void top_k_bars(AppState& s, Inspector& I) {
    const Trainer& tr = s.trainer;
    const int n = std::min((int)I.top.size(), I.top_k_show);
    if (n == 0) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float lh = ImGui::GetTextLineHeightWithSpacing();
    const float label_w = ImGui::GetFontSize() * 6.0f;
    const float w = ImGui::GetContentRegionAvail().x;
    const float bar_w = std::max(40.0f, w - label_w - ImGui::GetFontSize() * 4.5f);
    // Bars on an absolute scale once the model is confident; a near-uniform guess (a random model)
    // shows as uniformly short bars instead of being stretched to full width.
    const float pmax = std::max(I.top[0].first, 0.1f);
    const float uniform = I.V > 0 ? 1.0f / (float)I.V : 0.0f;
    ImFont* mono = font_mono();
    for (int i = 0; i < n; i++) {
        const float p = I.top[i].first;
        const int id = I.top[i].second;
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(w, lh));
        const std::string tok = printable(tr.tokenizer.decode_one(id));
        dl->PushClipRect(p0, ImVec2(p0.x + label_w - 4, p0.y + lh), true);
        dl->AddText(mono, ImGui::GetFontSize(), ImVec2(p0.x, p0.y), ImGui::GetColorU32(ImGuiCol_Text), tok.c_str());
        dl->PopClipRect();
        const ImVec2 b0(p0.x + label_w, p0.y + 2), b1(p0.x + label_w + bar_w * (p / pmax), p0.y + lh - 3);
        dl->AddRectFilled(b0, ImVec2(b0.x + bar_w, b1.y), IM_COL32(255, 255, 255, 18));
        dl->AddRectFilled(b0, b1, i == 0 ? IM_COL32(230, 159, 0, 255) : IM_COL32(86, 180, 233, 255));  // Okabe-Ito
        if (uniform > 0 && uniform < pmax) {  // where a uniform guess (1/V) would be
            const float ux = b0.x + bar_w * (uniform / pmax);
            dl->AddLine(ImVec2(ux, b0.y - 1), ImVec2(ux, b1.y + 1), IM_COL32(255, 255, 255, 140), 1.5f);
        }
        const std::string pct = fmt_float(100.0 * p, p >= 0.1f ? 1 : 2) + " %";
        dl->AddText(ImVec2(p0.x + label_w + bar_w + 6, p0.y), ImGui::GetColorU32(ImGuiCol_Text), pct.c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s %d · p = %s", TR("token", "jeton"), id, fmt_float(p, 5).c_str());
    }
}

// Strip of the GELU outputs of the last position for one layer: one pixel column holds the
// largest-magnitude value of the neurons under it, so a 3072-wide layer never hides a spike.
static void gelu_strip(Inspector& I, int layer, float height) {
    if (I.gelu.empty() || layer >= I.L) return;
    const float* g = I.gelu.data() + (size_t)layer * I.C4;
    float scale = 1e-6f;
    for (int i = 0; i < I.C4; i++) scale = std::max(scale, std::fabs(g[i]));
    const float w = ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 4;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##gelu", ImVec2(std::max(20.0f, w), height));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int cols = std::max(1, std::min(I.C4, (int)w));
    const float cw = w / cols;
    for (int c = 0; c < cols; c++) {
        const int a = (int)((long long)c * I.C4 / cols), b = std::max(a + 1, (int)((long long)(c + 1) * I.C4 / cols));
        float v = 0;
        for (int i = a; i < b; i++) if (std::fabs(g[i]) > std::fabs(v)) v = g[i];
        dl->AddRectFilled(ImVec2(p0.x + c * cw, p0.y), ImVec2(p0.x + (c + 1) * cw + 0.5f, p0.y + height),
                          colormap_u32(CMAP_DIVERGING, v, scale));
    }
    if (ImGui::IsItemHovered()) {
        const int i = std::min(I.C4 - 1, std::max(0, (int)((ImGui::GetIO().MousePos.x - p0.x) / w * I.C4)));
        ImGui::SetTooltip("%s %d: GELU = %s", TR("neuron", "neurone"), i, fmt_float(g[i], 4).c_str());
    }
    ImGui::SameLine();
    ImGui::TextDisabled("±%s", fmt_float(scale, 2).c_str());
}

// A small checkbox after "head h": knock the head out (its output zeroed before W_O) and watch
// the next-token bars above change; the same command as the Teach panel and anatomy.ablate.
static void head_knockout_toggle(AppState& s, int l, int h) {
    bool off = s.trainer.model.head_ablated(l, h);
    char id[48];
    std::snprintf(id, sizeof id, "%s###ko%d_%d", TR("off", "neutre"), l, h);
    ImGui::SameLine();
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(1, 0));
    if (ImGui::Checkbox(id, &off)) {
        const std::string err = app_ablate(s, l, h, -1, off, nullptr, nullptr);
        if (!err.empty()) s.status = err;
    }
    ImGui::PopStyleVar();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", TR("Knock this head out: its output is set to 0 before W_O (the pattern shown is what it would attend to).",
                                   "Neutraliser cette tête : sa sortie est mise à 0 avant W_O (le motif affiché est ce qu'elle regarderait)."));
}

static void attention_maps(AppState& s, Inspector& I) {
    if (I.T == 0) return;
    const int T = I.T;
    const int l0 = I.all_layers ? 0 : I.layer, l1 = I.all_layers ? I.L : I.layer + 1;
    const int shown = (l1 - l0) * I.NH;
    if ((int)I.views.size() < shown) I.views.resize(shown);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float em = ImGui::GetFontSize();
    const int per_row = std::max(1, std::min(I.NH, (int)(avail / (em * 9.0f))));
    const float cell = std::min(em * 18.0f, (avail - (per_row - 1) * ImGui::GetStyle().ItemSpacing.x) / per_row);
    const bool changed = I.dirty;
    int hov_l = -1, hov_h = -1, hr = -1, hc = -1;
    int k = 0;
    for (int l = l0; l < l1; l++) {
        ImGui::TextDisabled("%s %d", TR("layer", "couche"), l);
        for (int h = 0; h < I.NH; h++, k++) {
            if (h % per_row != 0) ImGui::SameLine();
            ImGui::BeginGroup();
            ImGui::Text("%s %d", TR("head", "tête"), h);
            head_knockout_toggle(s, l, h);
            HeatmapView& v = I.views[k];
            v.keep_aspect = true;
            v.default_tooltip = false;
            v.show_controls = T > 16;
            v.cmap = CMAP_SEQUENTIAL;
            v.row_axis = nullptr; v.col_axis = nullptr;
            char id[32];
            std::snprintf(id, sizeof id, "att%d_%d", l, h);
            int r = -1, c = -1;
            const float* data = I.att.data() + ((size_t)l * I.NH + h) * T * T;
            // The wheel scrolls this long panel; the maps zoom with Ctrl+wheel (= a pinch on touch
            // pads), a touch pinch or their + − buttons, so scrolling past them does not zoom them.
            v.wheel_zoom = false;
            if (heatmap_widget_seq(id, v, data, T, T, 1.0f, ImVec2(cell, cell), changed, &r, &c)) {
                hov_l = l; hov_h = h; hr = r; hc = c;
            }
            ImGui::EndGroup();
        }
    }
    if (hov_l >= 0 && hr >= 0 && hc >= 0 && hr < T && hc < T) {
        const float a = I.att[(((size_t)hov_l * I.NH + hov_h) * T + hr) * T + hc];
        const Tokenizer& tok = s.trainer.tokenizer;
        ImGui::BeginTooltip();
        ImGui::Text("%s %d, %s %d", TR("layer", "couche"), hov_l, TR("head", "tête"), hov_h);
        ImGui::Text("%s %d «%s» %s %d «%s»", TR("position", "la position"), hr, printable(tok.decode_one(I.ids[hr])).c_str(),
                    TR("looks at position", "regarde la position"), hc, printable(tok.decode_one(I.ids[hc])).c_str());
        if (hc > hr)
            ImGui::TextDisabled("%s", TR("masked: a token never sees the future", "masqué : un jeton ne voit jamais le futur"));
        else
            ImGui::Text("%s = %s %%", TR("attention weight", "poids d'attention"), fmt_float(100.0 * a, 1).c_str());
        ImGui::EndTooltip();
    }
    heatmap_legend("attlegend", CMAP_SEQUENTIAL, 1.0f, ImVec2(std::min(avail, em * 16), em * 2.8f),
                   TR("attention weight (each row sums to 1)", "poids d'attention (chaque ligne a pour somme 1)"));
}

// The prompt; the analysis forward when it or the weights changed.
static void prompt_and_analysis(AppState& s, Inspector& I) {
    Trainer& tr = s.trainer;
    // Multi-line: Enter types a newline, which is a token like any other (word lists end lines).
    if (ImGui::InputTextMultiline("###prompt", I.prompt, sizeof I.prompt, ImVec2(-1, ImGui::GetTextLineHeight() * 2.6f)))
        I.prompt_edited = true;

    // Recompute when the prompt or the weights changed (at most 4 times per second while training).
    const bool weights_changed = I.at_key != weights_key(s);
    I.dirty = false;
    const double every = tr.model.params.size() > 5000000 ? 2.0 : 0.25;  // big models: a forward pass costs real time
    if (I.enc_prompt != I.prompt || (weights_changed && (!s.running || ImGui::GetTime() - I.at_time > every)) ||
        (I.T > 0 && (I.L != tr.model.cfg.n_layer || I.NH != tr.model.cfg.n_head))) {
        analyse(s, I);
        I.at_key = weights_key(s);
        I.at_time = ImGui::GetTime();
        I.dirty = true;
        if (I.layer >= I.L) I.layer = 0;
    }
    if (!I.enc_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.62f, 0.2f, 1));
        ImGui::TextWrapped("%s %s", TR("Cannot read this prompt:", "Impossible de lire ce texte :"), I.enc_error.c_str());
        ImGui::PopStyleColor();
    }

}

// The tokens of the prompt, as the model reads them.
static void prompt_tokens(AppState& s, Inspector& I) {
    Trainer& tr = s.trainer;
    // Tokens of the prompt.
    if (!I.ids.empty()) {
        ImGui::TextDisabled("%s (%d):", TR("tokens", "jetons"), (int)I.ids.size());
        const int show = std::min<int>((int)I.ids.size(), 48);
        for (int i = (int)I.ids.size() - show; i < (int)I.ids.size(); i++) {
            ImGui::SameLine(0, 3);
            const std::string t = printable(tr.tokenizer.decode_one(I.ids[i]));
            if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(t.c_str()).x + 8) ImGui::NewLine();
            ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.2f, 0.25f, 0.33f, 1));
            ImGui::SmallButton((t + "###tk" + std::to_string(i)).c_str());
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s %d · id %d", TR("position", "position"), i, I.ids[i]);
        }
    }

}

// Next-token probabilities.
static void section_top_k(AppState& s, Inspector& I) {
    const float em = ImGui::GetFontSize();
    if (ImGui::CollapsingHeader(TR("Next token: top-k probabilities###topk", "Jeton suivant : les k plus probables###topk"),
                                ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::SetNextItemWidth(em * 8);
        ImGui::SliderInt("k###kshow", &I.top_k_show, 3, 20);
        if (I.V > 0) {
            // wraps under the slider on narrow windows (phones)
            char note[160];
            std::snprintf(note, sizeof note, TR("(out of %s tokens; white tick: uniform guess %s %%)", "(sur %s jetons ; trait blanc : hasard uniforme %s %%)"),
                          fmt_int(I.V).c_str(), fmt_float(100.0 / I.V, 2).c_str());
            ImGui::SameLine();
            text_disabled_wrapped(note);
        }
        top_k_bars(s, I);
    }

}

// Attention patterns.
static void section_attention(AppState& s, Inspector& I) {
    const float em = ImGui::GetFontSize();
    if (ImGui::CollapsingHeader(TR("Attention patterns (T×T per head)###att", "Motifs d'attention (T×T par tête)###att"),
                                ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::Checkbox(TR("all layers###alllayers", "toutes les couches###alllayers"), &I.all_layers);
        if (!I.all_layers && I.L > 0) {
            ImGui::SameLine();
            ImGui::SetNextItemWidth(em * 8);
            ImGui::SliderInt(TR("layer###attlayer", "couche###attlayer"), &I.layer, 0, I.L - 1);
        }
        ImGui::SameLine();
        ImGui::TextDisabled("(?)");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", TR("Row i = the token at position i, looking back. Column j = the position it looks at.\n"
                                       "Bright = much attention. The upper triangle is empty: no token sees the future.",
                                       "Ligne i = le jeton en position i, qui regarde en arrière. Colonne j = la position regardée.\n"
                                       "Clair = beaucoup d'attention. Le triangle supérieur est vide : aucun jeton ne voit le futur."));
        attention_maps(s, I);
    }

}

// The MLP activations of the last position.
static void section_mlp(AppState& s, Inspector& I) {
    const float em = ImGui::GetFontSize();
    if (ImGui::CollapsingHeader(TR("MLP activations (last position)###mlp", "Activations du MLP (dernière position)###mlp"))) {
        ImGui::TextWrapped("%s", TR("The 4·C neurons of each block's MLP after GELU, for the last token of the prompt: orange = positive, blue = negative.",
                                    "Les 4·C neurones du MLP de chaque bloc après GELU, pour le dernier jeton du texte : orange = positif, bleu = négatif."));
        for (int l = 0; l < I.L; l++) {
            ImGui::Text("%s %d", TR("layer", "couche"), l);
            ImGui::SameLine(em * 5);
            ImGui::PushID(l);
            gelu_strip(I, l, em * 1.2f);
            ImGui::PopID();
        }
    }

}

// Generation: one token per frame through cmd_gen_next.
static void section_generate(AppState& s, Inspector& I) {
    Trainer& tr = s.trainer;
    const float em = ImGui::GetFontSize();
    if (ImGui::CollapsingHeader(TR("Generate text###gen", "Générer du texte###gen"), ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::SetNextItemWidth(em * 8);
        char tf[32];   // 0,80 in French
        ImGui::SliderFloat(TR("temperature###temp", "température###temp"), &I.temperature, 0.0f, 2.0f,
                           num_format(tf, sizeof tf, "%.2f", I.temperature), ImGuiSliderFlags_NoRoundToFormat);
        ImGui::SameLine();
        ImGui::TextDisabled("(?)");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", TR("Probabilities are recomputed from logits / temperature: low = safe and repetitive, "
                                       "high = surprising. 0 = always the most probable token.",
                                       "Les probabilités sont recalculées à partir de logits / température : basse = sûr et "
                                       "répétitif, haute = surprenant. 0 = toujours le jeton le plus probable."));
        ImGui::SetNextItemWidth(em * 8);
        ImGui::SliderInt(TR("top-k###topkgen", "top-k###topkgen"), &I.top_k, 0, std::max(1, tr.model.cfg.vocab_size),
                         I.top_k > 0 ? "%d" : TR("all", "tous"));
        ImGui::SetNextItemWidth(em * 8);
        ImGui::SliderInt(TR("tokens###maxnew", "jetons###maxnew"), &I.max_new, 1, 1000);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(em * 6);
        ImGui::InputScalar(TR("seed###genseed", "graine###genseed"), ImGuiDataType_U64, &I.gen_seed);
        const bool generating = I.gen.active();
        if (!generating) {
            if (ImGui::Button(TR("Generate###genbtn", "Générer###genbtn"))) start_generation(s, I);
        } else {
            if (ImGui::Button(TR("Stop###genbtn", "Arrêter###genbtn"))) cmd_gen_stop(I.gen);
            ImGui::SameLine();
            ImGui::TextDisabled("%d / %d", I.gen.done, I.gen.done + I.gen.left);
        }
        if (!I.gen_error.empty()) ImGui::TextWrapped("%s", I.gen_error.c_str());
        generate_one(s, I);
        if (!I.gen.text.empty() || I.gen.active()) {
            ImGui::BeginChild("##gentext", ImVec2(0, std::max(em * 6, ImGui::GetContentRegionAvail().y - em * 0.5f)), true);
            ImGui::PushTextWrapPos(0.0f);
            // The prompt and its continuation as one wrapped text; a bar marks where the model took over.
            const std::string shown = I.gen_prompt + "\xE2\x96\xB8" + I.gen.text.substr(0, complete_utf8_prefix(I.gen.text));
            ImGui::TextUnformatted(shown.c_str());
            ImGui::PopTextWrapPos();
            if (I.gen.active()) ImGui::SetScrollHereY(1.0f);
            ImGui::EndChild();
        }
    } else {
        generate_one(s, I);
    }
}
void panel_inspector(AppState& s) {
    Inspector& I = s.inspector_panel;
    ImGui::SetNextWindowSize(ImVec2(520, 640), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin(TR("Forward pass inspector###inspector", "Inspecteur de la passe avant###inspector"), s.embed ? nullptr : &panels().inspector)) {
        ImGui::End();
        // Streaming continues while the window is collapsed: one token per frame.
        generate_one(s, I);
        return;
    }
    ImGui::TextWrapped("%s", TR("Type the beginning of a text: the model reads it and gives a probability to every possible next token.",
                                "Tapez le début d'un texte : le modèle le lit et donne une probabilité à chaque jeton suivant possible."));
    auto_prompt(s, I);
    prompt_and_analysis(s, I);
    prompt_tokens(s, I);
    section_top_k(s, I);
    section_attention(s, I);
    section_mlp(s, I);
    section_generate(s, I);
    ImGui::End();
}

} // namespace ga::app
