// panel_anatomy: where the parameters are. The loaded model by component, the presets (GPT-2,
// GPT-3 paper models, LLaMA, and an unofficial GPT-4 estimate, marked as such) side by side as a
// table and as stacked bars (shares, or absolute sizes on a log scale), and a what-if calculator
// that shows the formula with the numbers filled in.
#include "app.h"
#include "views.h"
#include "anatomy.h"
#include "presenter.h"
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ga::app {

// Disjoint components, so the bars add up to the total.
enum Comp : int { C_EMB = 0, C_HEAD, C_ATT, C_FF, C_NORM, C_BIAS, C_COUNT };

// Okabe-Ito palette (colour-blind safe).
static const ImU32 kCompCol[C_COUNT] = {
    IM_COL32(0, 114, 178, 255),   // embeddings: blue
    IM_COL32(86, 180, 233, 255),  // output head: sky blue
    IM_COL32(230, 159, 0, 255),   // attention: orange
    IM_COL32(0, 158, 115, 255),   // feed-forward: bluish green
    IM_COL32(240, 228, 66, 255),  // norms: yellow
    IM_COL32(204, 121, 167, 255), // biases: reddish purple
};

static const char* comp_name(int c) {
    switch (c) {
    case C_EMB: return TR("embeddings", "plongements");
    case C_HEAD: return TR("output head", "tête de sortie");
    case C_ATT: return TR("attention", "attention");
    case C_FF: return TR("feed-forward (MLP)", "réseau feed-forward (MLP)");
    case C_NORM: return TR("norms (γ, β)", "normalisations (γ, β)");
    case C_BIAS: return TR("biases", "biais");
    default: return "?";
    }
}

static void comp_values(const ParamBreakdown& b, int64_t out[C_COUNT]) {
    out[C_EMB] = b.token_embedding + b.position_embedding;
    out[C_HEAD] = b.lm_head;
    out[C_ATT] = b.attn_q + b.attn_k + b.attn_v + b.attn_o;
    out[C_FF] = b.mlp_w1 + b.mlp_w2 + b.mlp_w3 + b.moe_router;
    out[C_NORM] = b.norm_gains + b.norm_biases;
    out[C_BIAS] = b.attn_biases + b.mlp_biases;
}

static const ImVec4 kUnofficial(0.95f, 0.62f, 0.2f, 1.0f);

// The presets' display names come from the core in English; the one word that needs it is translated.
static std::string display_name(const ArchSpec& a) {
    std::string d = a.display;
    const std::string en = "(unofficial estimate)";
    const size_t p = d.find(en);
    if (p != std::string::npos && lang() == LANG_FR) d.replace(p, en.size(), "(estimation non officielle)");
    return d;
}

static void legend_row() {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float h = ImGui::GetTextLineHeight();
    for (int c = 0; c < C_COUNT; c++) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float w = h + 4 + ImGui::CalcTextSize(comp_name(c)).x;
        if (c > 0 && ImGui::GetContentRegionAvail().x < w + 10) ImGui::NewLine();
        const ImVec2 q = ImGui::GetCursorScreenPos();
        (void)p;
        dl->AddRectFilled(ImVec2(q.x, q.y + 2), ImVec2(q.x + h - 2, q.y + h), kCompCol[c]);
        ImGui::Dummy(ImVec2(h, h));
        ImGui::SameLine(0, 4);
        ImGui::TextUnformatted(comp_name(c));
        ImGui::SameLine(0, 14);
    }
    ImGui::NewLine();
}

// One horizontal stacked bar: shares of the components over `width`.
static void stacked_bar(const int64_t v[C_COUNT], int64_t total, float width, float height) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##bar", ImVec2(std::max(10.0f, width), height));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float x = p0.x;
    int hovered = -1;
    const float mx = ImGui::GetIO().MousePos.x;
    for (int c = 0; c < C_COUNT; c++) {
        if (v[c] <= 0 || total <= 0) continue;
        const float w = width * float((double)v[c] / (double)total);
        dl->AddRectFilled(ImVec2(x, p0.y), ImVec2(x + w, p0.y + height), kCompCol[c]);
        if (ImGui::IsItemHovered() && mx >= x && mx < x + w) hovered = c;
        x += w;
    }
    if (hovered >= 0)
        ImGui::SetTooltip("%s: %s (%s %%)", comp_name(hovered), fmt_int(v[hovered]).c_str(),
                          fmt_float(100.0 * (double)v[hovered] / (double)total, 1).c_str());
}

// ---- this model -------------------------------------------------------------------------------

static void tab_this_model(AppState& s) {
    const GPTConfig& c = s.trainer.model.cfg;
    const ArchSpec a = arch_from_config(s.model_name.empty() ? "model" : s.model_name, c);
    const ParamBreakdown b = anatomy_count(a);
    const long long table_total = (long long)s.trainer.model.params.size();
    const float em = ImGui::GetFontSize();

    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(TR(
        "A parameter is one number the model learned. They sit in weight matrices W (heatmaps) and in vectors: biases b "
        "and the LayerNorm gains γ and shifts β (bars). Training nudges every one of them at each step.",
        "Un paramètre est un nombre appris par le modèle. Ils sont rangés dans des matrices de poids W (cartes de "
        "chaleur) et dans des vecteurs : les biais b, les gains γ et décalages β des LayerNorm (barres). "
        "L'entraînement les ajuste tous à chaque pas."));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::PushFont(font_mono());
    ImGui::Text("n_layer %d · n_head %d · n_embd (C) %d · n_ctx %d · vocab (V) %d", c.n_layer, c.n_head, c.n_embd, c.n_ctx,
                c.vocab_size);
    ImGui::PopFont();
    ImGui::Text("%s %s (%s)", TR("Total:", "Total :"), fmt_int(b.total).c_str(), fmt_params(b.total).c_str());
    if (table_total > 0) {
        ImGui::SameLine();
        if (table_total == b.total)
            ImGui::TextDisabled("%s", TR("(same as the parameter table)", "(identique à la table des paramètres)"));
        else
            ImGui::TextColored(kUnofficial, "%s %s", TR("≠ parameter table:", "≠ table des paramètres :"), fmt_int(table_total).c_str());
    }

    int64_t v[C_COUNT];
    comp_values(b, v);
    stacked_bar(v, b.total, ImGui::GetContentRegionAvail().x, em * 1.6f);
    legend_row();

    const int64_t C = c.n_embd, L = c.n_layer, V = c.vocab_size, T = c.n_ctx;
    struct Row { const char* what; const char* shape; int64_t n; int comp; };
    char s_wte[64], s_wpe[64], s_qkv[96], s_o[96], s_w1[96], s_w2[96], s_ln[96], s_b[96];
    std::snprintf(s_wte, sizeof s_wte, "V×C = %lld×%lld", (long long)V, (long long)C);
    std::snprintf(s_wpe, sizeof s_wpe, "n_ctx×C = %lld×%lld", (long long)T, (long long)C);
    std::snprintf(s_qkv, sizeof s_qkv, "%lld × C×3C", (long long)L);
    std::snprintf(s_o, sizeof s_o, "%lld × C×C", (long long)L);
    std::snprintf(s_w1, sizeof s_w1, "%lld × C×4C", (long long)L);
    std::snprintf(s_w2, sizeof s_w2, "%lld × 4C×C", (long long)L);
    std::snprintf(s_ln, sizeof s_ln, "(2·%lld+1) × 2C", (long long)L);
    std::snprintf(s_b, sizeof s_b, "%lld × (3C+C+4C+C)", (long long)L);
    const Row rows[] = {
        {TR("token embedding wte", "plongement des jetons wte"), s_wte, b.token_embedding, C_EMB},
        {TR("position embedding wpe", "plongement des positions wpe"), s_wpe, b.position_embedding, C_EMB},
        {TR("attention W_Q, W_K, W_V", "attention W_Q, W_K, W_V"), s_qkv, b.attn_q + b.attn_k + b.attn_v, C_ATT},
        {TR("attention output W_O", "sortie de l'attention W_O"), s_o, b.attn_o, C_ATT},
        {TR("MLP W1 (C→4C)", "MLP W1 (C→4C)"), s_w1, b.mlp_w1, C_FF},
        {TR("MLP W2 (4C→C)", "MLP W2 (4C→C)"), s_w2, b.mlp_w2, C_FF},
        {TR("LayerNorm γ and β", "LayerNorm γ et β"), s_ln, b.norm_gains + b.norm_biases, C_NORM},
        {TR("biases b_QKV, b_O, b1, b2", "biais b_QKV, b_O, b1, b2"), s_b, b.attn_biases + b.mlp_biases, C_BIAS},
    };
    if (ImGui::BeginTable("##thismodel", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(TR("component", "composant"), 0, 2.4f);
        ImGui::TableSetupColumn(TR("shape", "forme"), 0, 1.8f);
        ImGui::TableSetupColumn(TR("parameters", "paramètres"), 0, 1.3f);
        ImGui::TableSetupColumn("%", 0, 0.7f);
        ImGui::TableHeadersRow();
        for (const Row& r : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float h = ImGui::GetTextLineHeight();
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + h * 0.6f, p.y + h - 2), kCompCol[r.comp]);
            ImGui::Indent(h * 0.9f);
            ImGui::TextUnformatted(r.what);
            ImGui::Unindent(h * 0.9f);
            ImGui::TableNextColumn();
            ImGui::PushFont(font_mono());
            ImGui::TextUnformatted(r.shape);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(fmt_int(r.n).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(fmt_float(b.total > 0 ? 100.0 * r.n / b.total : 0, 1).c_str());
            ImGui::PopFont();
        }
        ImGui::EndTable();
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", TR("The output head reuses wte (tied weights, as in GPT-2): it adds no parameters.",
                                 "La tête de sortie réutilise wte (poids liés, comme dans GPT-2) : elle n'ajoute aucun paramètre."));
    ImGui::PopTextWrapPos();
}

// ---- compare ----------------------------------------------------------------------------------

static void tab_compare(AppState& s) {
    const float em = ImGui::GetFontSize();
    struct Entry { ArchSpec a; ParamBreakdown b; bool mine; };
    std::vector<Entry> list;
    {
        ArchSpec mine = arch_from_config(s.model_name.empty() ? "model" : s.model_name, s.trainer.model.cfg);
        mine.display = std::string(TR("this model", "ce modèle")) + " (" + s.model_name + ")";
        list.push_back({mine, anatomy_count(mine), true});
    }
    for (const ArchSpec& a : anatomy_presets()) {
        ArchSpec l = a;
        l.display = display_name(a);
        list.push_back({l, anatomy_count(a), false});
    }

    int& mode = s.anatomy_panel.mode;  // 0 = shares, 1 = absolute (log)
    ImGui::RadioButton(TR("shares (100 %)###m0", "parts (100 %)###m0"), &mode, 0);
    ImGui::SameLine();
    ImGui::RadioButton(TR("absolute size (log scale)###m1", "taille absolue (échelle log)###m1"), &mode, 1);
    legend_row();

    // Chart: one row per model.
    float name_w = em * 6.0f;
    for (const Entry& e : list)
        name_w = std::max(name_w, ImGui::CalcTextSize((e.a.display + " *").c_str()).x + em * 0.8f);
    name_w = std::min(name_w, ImGui::GetContentRegionAvail().x * 0.4f);
    const float bar_w = std::max(60.0f, ImGui::GetContentRegionAvail().x - name_w - em * 5.5f);
    const float bar_h = em * 1.05f;
    double lmin = 3.0, lmax = 1.0;
    for (const Entry& e : list) lmax = std::max(lmax, std::log10((double)std::max<int64_t>(1, e.b.total)));
    lmin = std::floor(std::min(lmin, std::log10((double)std::max<int64_t>(1, list[0].b.total)))) ;
    lmax = std::ceil(lmax);
    if (mode == 1) {
        // Decade axis.
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(bar_w + name_w, em * 1.1f));
        ImDrawList* dl = ImGui::GetWindowDrawList();
        for (int d = (int)lmin; d <= (int)lmax; d++) {
            const float x = p.x + name_w + bar_w * float((d - lmin) / (lmax - lmin));
            static const char* names[] = {"1", "10", "100", "1 k", "10 k", "100 k", "1 M", "10 M", "100 M", "1 B", "10 B", "100 B", "1 T", "10 T"};
            const char* lab = (d >= 0 && d < 14) ? names[d] : "?";
            // French: milliard (Md) = 10⁹, and 10¹² is "1 000 Md" (a French "billion" is 10¹², not 10⁹).
            static const char* fr[] = {"1 Md", "10 Md", "100 Md", "1 000 Md", "10 000 Md"};
            if (lang() == LANG_FR && d >= 9 && d <= 13) lab = fr[d - 9];
            dl->AddText(ImVec2(x - ImGui::CalcTextSize(lab).x * 0.5f, p.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), lab);
        }
    }
    const ImVec2 chart0 = ImGui::GetCursorScreenPos();
    for (size_t i = 0; i < list.size(); i++) {
        const Entry& e = list[i];
        ImGui::PushID((int)i);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (!e.a.official) ImGui::PushStyleColor(ImGuiCol_Text, kUnofficial);
        ImGui::PushClipRect(p, ImVec2(p.x + name_w - 4, p.y + bar_h + 4), true);
        ImGui::TextUnformatted((e.a.display + (e.a.official ? "" : " *")).c_str());
        ImGui::PopClipRect();
        if (!e.a.official) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered() && !e.a.note.empty()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(em * 30);
            ImGui::TextUnformatted(e.a.note.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
        ImGui::SameLine(name_w);
        int64_t v[C_COUNT];
        comp_values(e.b, v);
        float w = bar_w;
        if (mode == 1)
            w = bar_w * float((std::log10((double)std::max<int64_t>(1, e.b.total)) - lmin) / (lmax - lmin));
        stacked_bar(v, e.b.total, std::max(2.0f, w), bar_h);
        if (e.mine) ImGui::GetWindowDrawList()->AddRect(ImVec2(p.x + name_w - 2, p.y - 1), ImVec2(p.x + name_w + w + 2, p.y + bar_h + 1),
                                                        IM_COL32(255, 255, 255, 200), 0, 0, 1.5f * ui_line_scale(s));
        ImGui::SameLine(name_w + bar_w + 8);
        ImGui::TextUnformatted(fmt_params(e.b.total).c_str());
        ImGui::PopID();
    }
    (void)chart0;
    ImGui::Spacing();

    // Table.
    const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollX |
                               ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    const float th = std::max(em * 10, ImGui::GetContentRegionAvail().y - em * 4.5f);
    if (ImGui::BeginTable("##presets", 13, tf, ImVec2(0, th))) {
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableSetupColumn(TR("model", "modèle"));
        ImGui::TableSetupColumn(TR("layers", "couches"));
        ImGui::TableSetupColumn("d_model");
        ImGui::TableSetupColumn(TR("heads", "têtes"));
        ImGui::TableSetupColumn("d_ff");
        ImGui::TableSetupColumn("vocab");
        ImGui::TableSetupColumn(TR("context", "contexte"));
        ImGui::TableSetupColumn(TR("total", "total"));
        ImGui::TableSetupColumn(TR("embed. %", "plong. %"));
        ImGui::TableSetupColumn(TR("attn %", "attn %"));
        ImGui::TableSetupColumn(TR("MLP %", "MLP %"));
        ImGui::TableSetupColumn(TR("norms %", "norm. %"));
        ImGui::TableSetupColumn(TR("biases %", "biais %"));
        ImGui::TableHeadersRow();
        for (const Entry& e : list) {
            int64_t v[C_COUNT];
            comp_values(e.b, v);
            const double t = std::max<double>(1.0, (double)e.b.total);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (!e.a.official) ImGui::TextColored(kUnofficial, "%s *", e.a.display.c_str());
            else ImGui::TextUnformatted(e.a.display.c_str());
            if (ImGui::IsItemHovered() && !e.a.note.empty()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(em * 30);
                ImGui::TextUnformatted(e.a.note.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            ImGui::PushFont(font_mono());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_int(e.a.n_layer).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_int(e.a.d_model).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_int(e.a.n_head).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted((fmt_int(e.a.d_ff > 0 ? e.a.d_ff : 4 * e.a.d_model) + (e.a.n_experts > 1 ? " ×" + std::to_string(e.a.n_experts) : "")).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_int(e.a.vocab).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_int(e.a.n_ctx).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_int(e.b.total).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_float(100.0 * (v[C_EMB] + v[C_HEAD]) / t, 1).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_float(100.0 * v[C_ATT] / t, 1).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_float(100.0 * v[C_FF] / t, 1).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_float(100.0 * v[C_NORM] / t, 2).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_float(100.0 * v[C_BIAS] / t, 2).c_str());
            ImGui::PopFont();
        }
        ImGui::EndTable();
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kUnofficial, "%s", TR("* Unofficial estimate: OpenAI never published GPT-4's size. The figure is a widely "
                                             "repeated rumour, shown only to give an order of magnitude.",
                                             "* Estimation non officielle : OpenAI n'a jamais publié la taille de GPT-4. Ce chiffre "
                                             "est une rumeur très répandue, montrée seulement pour l'ordre de grandeur."));
    ImGui::TextDisabled("%s", TR("Embeddings weigh a lot in small models; in big ones the blocks (≈ 12·d² each) dominate.",
                                 "Les plongements pèsent lourd dans les petits modèles ; dans les grands, les blocs (≈ 12·d² chacun) dominent."));
    ImGui::PopTextWrapPos();
}

// ---- what if ----------------------------------------------------------------------------------

static void tab_what_if(AppState& s) {
    const float em = ImGui::GetFontSize();
    const std::vector<ArchSpec>& pre = anatomy_presets();
    int& preset = s.anatomy_panel.preset;
    ArchSpec& a = s.anatomy_panel.what_if;
    bool& init = s.anatomy_panel.init;
    if (!init) {  // start on GPT-3 175B: the example every course quotes
        init = true;
        for (int i = 0; i < (int)pre.size(); i++)
            if (pre[i].name == "gpt3-175b") { preset = i; a = pre[i]; }
        if (preset < 0 && !pre.empty()) { preset = 0; a = pre[0]; }
    }
    const std::string cur_name = preset >= 0 && preset < (int)pre.size() ? display_name(pre[preset]) : "";
    const char* cur = preset >= 0 && preset < (int)pre.size() ? cur_name.c_str() : TR("(custom)", "(personnalisé)");
    ImGui::SetNextItemWidth(em * 14);
    if (ImGui::BeginCombo(TR("start from###wipreset", "partir de###wipreset"), cur)) {
        for (int i = 0; i < (int)pre.size(); i++)
            if (ImGui::Selectable(display_name(pre[i]).c_str(), i == preset)) { preset = i; a = pre[i]; }
        ImGui::EndCombo();
    }
    const ArchSpec before = a;
    int fam = a.family == FAMILY_LLAMA ? 1 : 0;
    ImGui::RadioButton(TR("GPT-2 / GPT-3 style###f0", "style GPT-2 / GPT-3###f0"), &fam, 0);
    ImGui::SameLine();
    ImGui::RadioButton(TR("LLaMA style###f1", "style LLaMA###f1"), &fam, 1);
    if (fam == 1 && a.family != FAMILY_LLAMA) {
        a.family = FAMILY_LLAMA;
        // SwiGLU keeps the MLP's size with 3 matrices: d_ff ≈ 2/3 · 4d, rounded up to 256.
        a.d_ff = ((8 * a.d_model / 3 + 255) / 256) * 256;
    } else if (fam == 0 && a.family == FAMILY_LLAMA) {
        a.family = FAMILY_GPT3;
        a.d_ff = 0;
    }
    auto drag64 = [&](const char* label, int64_t* v, int64_t lo, int64_t hi, float speed) {
        ImGui::SetNextItemWidth(em * 9);
        long long x = *v;
        ImGui::DragScalar(label, ImGuiDataType_S64, &x, speed, &lo, &hi);
        *v = std::max<int64_t>(lo, std::min<int64_t>(hi, x));
    };
    drag64(TR("layers L###wiL", "couches L###wiL"), &a.n_layer, 1, 1000, 0.2f);
    drag64(TR("d_model (C)###wiC", "d_model (C)###wiC"), &a.d_model, 1, 200000, 8.0f);
    drag64(TR("heads###wiH", "têtes###wiH"), &a.n_head, 1, 1024, 0.2f);
    drag64(TR("vocabulary V###wiV", "vocabulaire V###wiV"), &a.vocab, 1, 1000000, 50.0f);
    drag64(TR("context n_ctx###wiT", "contexte n_ctx###wiT"), &a.n_ctx, 1, 1000000, 8.0f);
    if (a.family == FAMILY_LLAMA) drag64(TR("d_ff (SwiGLU)###wiF", "d_ff (SwiGLU)###wiF"), &a.d_ff, 1, 1000000, 16.0f);
    drag64(TR("experts (MoE)###wiE", "experts (MoE)###wiE"), &a.n_experts, 1, 256, 0.1f);
    if (a.n_layer != before.n_layer || a.d_model != before.d_model || a.n_head != before.n_head || a.vocab != before.vocab ||
        a.n_ctx != before.n_ctx || a.d_ff != before.d_ff || a.n_experts != before.n_experts || a.family != before.family) {
        preset = -1;
        a.official = true;
        a.note.clear();
    }
    if (!a.official) ImGui::TextColored(kUnofficial, "%s", TR("Unofficial estimate (not published).", "Estimation non officielle (non publiée)."));
    if (a.d_model % a.n_head != 0)
        ImGui::TextColored(kUnofficial, TR("Note: d_model %s is not a multiple of %s heads (head size %s).",
                                           "Remarque : d_model %s n'est pas un multiple de %s têtes (taille de tête %s)."),
                           fmt_int(a.d_model).c_str(), fmt_int(a.n_head).c_str(), fmt_float((double)a.d_model / a.n_head, 2).c_str());

    const ParamBreakdown b = anatomy_count(a);
    ImGui::Separator();
    ImGui::PushFont(font_bold());
    ImGui::Text("%s %s", TR("Total:", "Total :"), fmt_params(b.total).c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::PushFont(font_mono());
    ImGui::Text("= %s", fmt_int(b.total).c_str());
    ImGui::PopFont();
    int64_t v[C_COUNT];
    comp_values(b, v);
    stacked_bar(v, b.total, ImGui::GetContentRegionAvail().x, em * 1.4f);

    // The formula with the numbers filled in (GPT style: tied head, biases, 4C MLP).
    const long long L = a.n_layer, C = a.d_model, V = a.vocab, T = a.n_ctx, E = a.n_experts;
    const long long F = a.d_ff > 0 ? a.d_ff : 4 * C;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::PushFont(font_mono());
    if (a.family != FAMILY_LLAMA && E == 1 && F == 4 * C) {
        ImGui::TextUnformatted("V·C + n_ctx·C + L·(12·C² + 13·C) + 2·C");
        ImGui::Text("= %s·%s + %s·%s + %s·(12·%s² + 13·%s) + 2·%s", fmt_int(V).c_str(), fmt_int(C).c_str(), fmt_int(T).c_str(),
                    fmt_int(C).c_str(), fmt_int(L).c_str(), fmt_int(C).c_str(), fmt_int(C).c_str(), fmt_int(C).c_str());
        const long long f = V * C + T * C + L * (12 * C * C + 13 * C) + 2 * C;
        ImGui::Text("= %s %s", fmt_int(f).c_str(), f == b.total ? "" : "?");
    } else if (a.family == FAMILY_LLAMA && E == 1) {
        ImGui::TextUnformatted("2·V·C + L·(4·C² + 3·C·d_ff + 2·C) + C");
        ImGui::Text("= 2·%s·%s + %s·(4·%s² + 3·%s·%s + 2·%s) + %s", fmt_int(V).c_str(), fmt_int(C).c_str(), fmt_int(L).c_str(),
                    fmt_int(C).c_str(), fmt_int(C).c_str(), fmt_int(F).c_str(), fmt_int(C).c_str(), fmt_int(C).c_str());
        const long long f = 2 * V * C + L * (4 * C * C + 3 * C * F + 2 * C) + C;
        ImGui::Text("= %s %s", fmt_int(f).c_str(), f == b.total ? "" : "?");
    }
    ImGui::PopFont();
    ImGui::Spacing();
    // One matrix alone.
    ImGui::Text(TR("One C×C matrix alone (e.g. W_Q of one layer): %s² = %s parameters (%s).",
                   "Une seule matrice C×C (par ex. W_Q d'une couche) : %s² = %s paramètres (%s)."),
                fmt_int(C).c_str(), fmt_int(C * C).c_str(), fmt_params(C * C).c_str());
    const long long per_block = (long long)(v[C_ATT] + v[C_FF] + v[C_NORM] + v[C_BIAS]) / std::max<long long>(1, L);
    ImGui::Text(TR("One block: %s parameters; the %s blocks hold %s %% of the model.",
                   "Un bloc : %s paramètres ; les %s blocs contiennent %s %% du modèle."),
                fmt_params(per_block).c_str(), fmt_int(L).c_str(),
                fmt_float(100.0 * (double)(v[C_ATT] + v[C_FF] + v[C_NORM] + v[C_BIAS]) / std::max<double>(1, (double)b.total), 1).c_str());
    const double gb32 = 4.0 * (double)b.total / 1e9, gb16 = 2.0 * (double)b.total / 1e9;
    ImGui::Text(TR("Memory for the weights alone: %s GB in float32, %s GB in 16-bit.",
                   "Mémoire des seuls poids : %s Go en float32, %s Go en 16 bits."),
                fmt_float(gb32, gb32 < 10 ? 2 : 0).c_str(), fmt_float(gb16, gb16 < 10 ? 2 : 0).c_str());
    ImGui::TextDisabled("%s", TR("Training with AdamW needs about 4× that (weights, gradients, m and v), plus activations.",
                                 "Entraîner avec AdamW demande environ 4 fois plus (poids, gradients, m et v), plus les activations."));
    ImGui::TextDisabled("%s", TR("Try: d_model 12288 and 96 layers (GPT-3 175B).",
                                 "Essayez : d_model 12288 et 96 couches (GPT-3 175B)."));
    ImGui::PopTextWrapPos();
}

void panel_anatomy(AppState& s) {
    ImGui::SetNextWindowSize(ImVec2(720, 620), ImGuiCond_FirstUseEver);
    // It floats over the other panels: an opaque background keeps it readable.
    ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    bg.w = 1.0f;
    ImGui::PushStyleColor(ImGuiCol_WindowBg, bg);
    const bool open = ImGui::Begin(TR("Parameter anatomy###anatomy", "Anatomie des paramètres###anatomy"), s.embed ? nullptr : &panels().anatomy);
    ImGui::PopStyleColor();
    if (!open) {
        ImGui::End();
        return;
    }
    if (ImGui::BeginTabBar("##anatomytabs")) {
        if (ImGui::BeginTabItem(TR("This model###t0", "Ce modèle###t0"))) { tab_this_model(s); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem(TR("GPT-2, GPT-3, LLaMA###t1", "GPT-2, GPT-3, LLaMA###t1"))) { tab_compare(s); ImGui::EndTabItem(); }
        if (ImGui::BeginTabItem(TR("What if?###t2", "Et si… ?###t2"))) { tab_what_if(s); ImGui::EndTabItem(); }
        ImGui::EndTabBar();
    }
    ImGui::End();
}

} // namespace ga::app
