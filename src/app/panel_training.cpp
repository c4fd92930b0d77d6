// panel_training: Step, Run/Pause, speed, throughput, η and the optimizer, batch and context,
// seed and re-initialisation, the seeded demo, loss curves (train, validation, ln V) and the
// "before / after" comparison of a frozen snapshot with the current weights.
#include "app.h"
#include "plot.h"
#include "presenter.h"
#include "quote.h"
#include "touch.h"   // key_hint
#include "views.h"   // num_format, same_line_if_fits
#include "threads.h"
#include "train_worker.h"
#include "imgui.h"
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ga::app {

// Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
static const ImU32 COL_TRAIN_RAW = IM_COL32(86, 180, 233, 110);   // sky blue, faint: every step
static const ImU32 COL_TRAIN = IM_COL32(86, 180, 233, 255);       // sky blue: smoothed
static const ImU32 COL_VAL = IM_COL32(230, 159, 0, 255);          // orange

static void help_marker(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

// ---- loss curves ------------------------------------------------------------------------------

using CurveOptions = TrainingPanelState::Curves;

static void loss_curves(AppState& s, CurveOptions& o, float height) {
    const Trainer& tr = s.trainer;
    const std::vector<LossPoint>& h = tr.history;
    std::vector<PlotSeries> series(3);
    PlotSeries &raw = series[0], &ema = series[1], &val = series[2];
    raw.color = COL_TRAIN_RAW; raw.thickness = 1.0f;
    ema.color = COL_TRAIN; ema.thickness = 2.2f; ema.label = TR("train", "entraînement");
    val.color = COL_VAL; val.thickness = 2.2f; val.markers = true; val.label = TR("validation", "validation");
    raw.x.reserve(h.size()); raw.y.reserve(h.size());
    ema.x.reserve(h.size()); ema.y.reserve(h.size());
    double e = 0.0, wsum = 0.0;
    for (const LossPoint& p : h) {
        if (p.val >= 0) { val.x.push_back((float)p.step); val.y.push_back(p.val); }
        if (p.train < 0) continue;   // a validation-only point (the loaded model before any step)
        raw.x.push_back((float)p.step);
        raw.y.push_back(p.train);
        // Bias-corrected EMA (like Adam's): the first points are not dragged towards 0.
        e = o.smooth * e + (1.0 - o.smooth) * p.train;
        wsum = o.smooth * wsum + (1.0 - o.smooth);
        ema.x.push_back((float)p.step);
        ema.y.push_back((float)(e / wsum));
    }
    PlotConfig cfg;
    cfg.log_y = o.log_y;
    cfg.line_scale = ui_line_scale(s);
    cfg.x_integer = true;
    const int V = tr.model.cfg.vocab_size;
    if (V > 1) {
        cfg.ref_y = std::log((float)V);
        char buf[96];
        std::snprintf(buf, sizeof buf, TR("ln V = %s: random guessing", "ln V = %s : tirage au hasard"),
                      fmt_float(cfg.ref_y, 2).c_str());
        cfg.ref_label = buf;
    }
    if (s.frozen_step >= 0 && !s.frozen_params.empty()) {
        cfg.mark_x = (float)s.frozen_step;
        cfg.mark_label = TR("before", "avant");
    }
    cfg.x_label = TR("optimizer step", "pas d'optimisation");
    cfg.y_label = TR("loss (cross-entropy, nats)", "perte (entropie croisée, nats)");
    if (!h.empty()) {
        const int last = h.back().step;
        cfg.x_max = (float)std::max(last, 10);
        cfg.x_min = o.window > 0 ? (float)std::max(0, last - o.window) : 0.0f;
    } else {
        cfg.x_min = 0; cfg.x_max = 10;
    }
    plot_lines("loss", ImVec2(0, height), cfg, series);
}

// ---- before / after ---------------------------------------------------------------------------

using TensorChange = TrainingPanelState::Change;

static void before_after(AppState& s) {
    Trainer& tr = s.trainer;
    const bool have = !s.frozen_params.empty() && s.frozen_params.size() == tr.model.params.size();
    if (ImGui::Button(have ? TR("Freeze again (F)###freeze", "Figer à nouveau (F)###freeze")
                           : TR("Freeze \"before\" (F)###freeze", "Figer « avant » (F)###freeze")))
        snapshot_freeze(s);
    help_marker(TR("Keeps a copy of every weight now. Then train (Space = one step) and compare: how much did the "
                   "loss go down, and which tensors changed the most?",
                   "Garde une copie de tous les poids maintenant. Entraînez ensuite (Espace = un pas) et comparez : "
                   "de combien la perte a-t-elle baissé, et quels tenseurs ont le plus changé ?"));
    if (!have) {
        if (!s.frozen_params.empty()) {
            ImGui::TextWrapped("%s", TR("The model changed size since the snapshot: freeze again.",
                                        "Le modèle a changé de taille depuis l'instantané : figez à nouveau."));
        }
        return;
    }
    ImGui::SameLine();
    if (ImGui::Button(TR("Forget###unfreeze", "Oublier###unfreeze"))) { snapshot_clear(s); return; }

    const float after = snapshot_current_loss(s);
    ImGui::PushFont(font_mono());
    ImGui::Text("%s %-8s %s %s", TR("before:", "avant :"), fmt_int(s.frozen_step).c_str(),
                TR("loss", "perte"), s.frozen_loss >= 0 ? fmt_float(s.frozen_loss, 4).c_str() : "—");
    ImGui::Text("%s %-8s %s %s", TR("after: ", "après :"), fmt_int(tr.step).c_str(), TR("loss", "perte"),
                after >= 0 ? fmt_float(after, 4).c_str() : "—");
    if (after >= 0 && s.frozen_loss >= 0) {
        const float d = after - s.frozen_loss;
        ImGui::Text("%s %s%s", TR("change:", "écart :"), d > 0 ? "+" : "", fmt_float(d, 4).c_str());
    }
    ImGui::PopFont();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", TR("(validation loss on the same fixed batches)", "(perte de validation sur les mêmes lots fixes)"));
    ImGui::PopTextWrapPos();

    // Norm of the change per tensor, refreshed when the weights change (throttled while running).
    TrainingPanelState& ps = s.training_panel;
    std::vector<TensorChange>& changes = ps.changes;
    const bool stale = ps.changes_version != tr.version || ps.changes_frozen != s.frozen_step ||
                       changes.size() != tr.model.table.size();
    const bool big = tr.model.params.size() > 5000000;  // re-measured only when paused
    if (stale && (!s.running || (!big && ImGui::GetTime() - ps.changes_time > 0.5) || changes.size() != tr.model.table.size())) {
        changes.assign(tr.model.table.size(), TensorChange{});
        for (size_t k = 0; k < tr.model.table.size(); k++) {
            const ParamTensor& p = tr.model.table[k];
            const float* w = tr.model.params.data() + p.offset;
            const float* w0 = s.frozen_params.data() + p.offset;
            double b = 0, d = 0;
            for (size_t i = 0; i < p.numel; i++) {
                b += (double)w0[i] * w0[i];
                const double di = (double)w[i] - w0[i];
                d += di * di;
            }
            changes[k].before_norm = std::sqrt(b);
            changes[k].delta_norm = std::sqrt(d);
        }
        ps.changes_version = tr.version;
        ps.changes_frozen = s.frozen_step;
        ps.changes_time = ImGui::GetTime();
    }
    double total_d = 0, max_rel = 1e-30;
    for (const TensorChange& c : changes) {
        total_d += c.delta_norm * c.delta_norm;
        if (c.before_norm > 0) max_rel = std::max(max_rel, c.delta_norm / c.before_norm);
    }
    ImGui::Text("%s %s", TR("‖θ_after − θ_before‖ (all weights):", "‖θ_après − θ_avant‖ (tous les poids) :"),
                fmt_float(std::sqrt(total_d), 5).c_str());
    const float rows_h = ImGui::GetTextLineHeightWithSpacing() * std::min<float>(12.0f, (float)changes.size() + 1.5f);
    const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("##changes", 4, tf, ImVec2(0, rows_h))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(TR("tensor", "tenseur"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
        ImGui::TableSetupColumn("‖ΔW‖", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("‖ΔW‖ / ‖W‖", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin((int)changes.size());
        while (clip.Step())
            for (int k = clip.DisplayStart; k < clip.DisplayEnd; k++) {
                const TensorChange& c = changes[k];
                const double rel = c.before_norm > 0 ? c.delta_norm / c.before_norm : 0.0;
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(tr.model.table[k].name.c_str());
                ImGui::TableNextColumn();
                ImGui::PushFont(font_mono());
                ImGui::TextUnformatted(fmt_float(c.delta_norm, 5).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.before_norm > 0 ? (fmt_float(100.0 * rel, 3) + " %").c_str() : "—");
                ImGui::PopFont();
                ImGui::TableNextColumn();
                const ImVec2 p = ImGui::GetCursorScreenPos();
                const float w = ImGui::GetContentRegionAvail().x, hh = ImGui::GetTextLineHeight();
                ImGui::Dummy(ImVec2(w, hh));
                ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + (float)(w * rel / max_rel), p.y + hh),
                                                          IM_COL32(204, 121, 167, 220));
            }
        ImGui::EndTable();
    }
}

// ---- settings: every control edits a copy and hands it to the command layer ---------------
// (commands.h), so a dragged, typed (Ctrl+click) or pasted value meets the same rule as the URL
// and the JavaScript API, and a refused one changes nothing and says why in the banner.

static void set_float(AppState& s, const char* label, Setting w, float cur, float lo, float hi, const char* fmt,
                      ImGuiSliderFlags flags = 0) {
    float v = cur;
    if (ImGui::SliderFloat(label, &v, lo, hi, fmt, flags | ImGuiSliderFlags_NoRoundToFormat)) cmd_set(s, w, v);
}

static void set_int(AppState& s, const char* label, Setting w, int cur, int lo, int hi, const char* fmt = "%d") {
    int v = cur;
    if (ImGui::SliderInt(label, &v, lo, hi, fmt)) cmd_set(s, w, v);
}

static void adamw_settings(AppState& s, float em, char* nf, size_t nfn) {
    const OptimConfig& oc = s.trainer.opt.cfg;
    ImGui::SetNextItemWidth(fit_item_width(em * 8, "β1###b1"));
    set_float(s, "β1###b1", SET_BETA1, oc.beta1, 0.0f, 0.999f, num_format(nf, nfn, "%.3f", oc.beta1));
    help_marker(TR("Memory of the mean gradient m (0.9: about the last 10 steps).",
                   "Mémoire du gradient moyen m (0,9 : environ les 10 derniers pas)."));
    ImGui::SetNextItemWidth(fit_item_width(em * 8, "β2###b2"));
    set_float(s, "β2###b2", SET_BETA2, oc.beta2, 0.9f, 0.99999f, num_format(nf, nfn, "%.5f", oc.beta2), ImGuiSliderFlags_Logarithmic);
    help_marker(TR("Memory of the squared gradient v (0.999: about the last 1000 steps).",
                   "Mémoire du gradient au carré v (0,999 : environ les 1000 derniers pas)."));
    ImGui::SetNextItemWidth(fit_item_width(em * 8, TR("weight decay###wd", "décroissance des poids###wd")));
    set_float(s, TR("weight decay###wd", "décroissance des poids###wd"), SET_WEIGHT_DECAY, oc.weight_decay, 0.0f, 0.5f,
              num_format(nf, nfn, "%.3f", oc.weight_decay));
    help_marker(TR("Each step also shrinks the weight matrices a little towards 0 (W ← W − η·λ·W); biases and "
                   "LayerNorm parameters are not decayed.",
                   "Chaque pas rapproche aussi un peu les matrices de poids de 0 (W ← W − η·λ·W) ; les biais et "
                   "les paramètres de LayerNorm ne sont pas concernés."));
    ImGui::SetNextItemWidth(fit_item_width(em * 8, "ε###eps"));
    float eps = oc.eps;
    if (ImGui::InputFloat("ε###eps", &eps, 0, 0, "%.1e", ImGuiInputTextFlags_EnterReturnsTrue)) cmd_set(s, SET_EPS, eps);
}

static void schedule_settings(AppState& s, float em) {
    const OptimConfig& oc = s.trainer.opt.cfg;
    int sched = (int)oc.schedule;
    const char* snames[] = {TR("constant η", "η constant"), TR("warm-up + cosine decay", "montée + décroissance cosinus")};
    ImGui::SetNextItemWidth(fit_item_width(em * 12, TR("schedule###sched", "programme###sched"), false));
    if (ImGui::Combo(TR("schedule###sched", "programme###sched"), &sched, snames, 2)) cmd_set_schedule(s, (ScheduleKind)sched);
    if (oc.schedule != SCHED_WARMUP_COSINE) return;
    int warm = oc.warmup_steps, total = oc.total_steps;
    ImGui::SetNextItemWidth(fit_item_width(em * 8, TR("warm-up steps###warm", "pas de montée###warm")));
    if (ImGui::DragInt(TR("warm-up steps###warm", "pas de montée###warm"), &warm, 1.0f, 0, 100000)) cmd_set(s, SET_WARMUP_STEPS, warm);
    ImGui::SetNextItemWidth(fit_item_width(em * 8, TR("total steps###total", "pas au total###total")));
    if (ImGui::DragInt(TR("total steps###total", "pas au total###total"), &total, 5.0f, 1, 1000000)) cmd_set(s, SET_TOTAL_STEPS, total);
    ImGui::TextDisabled("%s %s", TR("η at this step:", "η à ce pas :"), fmt_float(lr_at(oc, s.trainer.opt.t), 6).c_str());
}

static void optimizer_section(AppState& s) {
    if (!ImGui::CollapsingHeader(TR("Optimizer###opt", "Optimiseur###opt"), ImGuiTreeNodeFlags_DefaultOpen)) return;
    const Trainer& tr = s.trainer;
    const OptimConfig& oc = tr.opt.cfg;
    const float em = ImGui::GetFontSize();
    char nf[64];   // numbers written the French way in French (0,90)
    int kind = (int)oc.kind;
    bool switched = ImGui::RadioButton("SGD", &kind, OPT_SGD);
    ImGui::SameLine();
    switched |= ImGui::RadioButton("AdamW", &kind, OPT_ADAMW);
    if (switched) cmd_set_optimizer(s, (OptimizerKind)kind);   // a real switch resets t, m, v
    help_marker(TR("SGD: W ← W − η·∂L/∂W, the plain rule. AdamW divides each weight's step by a running estimate of "
                   "its gradient's size (second moment v) and follows a running mean of the gradient (first moment "
                   "m): every weight gets its own effective step size. Switching starts the optimizer afresh.",
                   "SGD : W ← W − η·∂L/∂W, la règle de base. AdamW divise le pas de chaque poids par une estimation "
                   "glissante de la taille de son gradient (second moment v) et suit une moyenne glissante du "
                   "gradient (premier moment m) : chaque poids a son propre pas effectif. Changer d'optimiseur le "
                   "fait repartir de zéro."));
    ImGui::SetNextItemWidth(fit_item_width(em * 12, TR("learning rate η###lr", "taux d'apprentissage η###lr")));
    set_float(s, TR("learning rate η###lr", "taux d'apprentissage η###lr"), SET_LR, oc.lr, 1e-5f, 10.0f,
              num_format(nf, sizeof nf, "%.5g", oc.lr), ImGuiSliderFlags_Logarithmic);
    help_marker(TR("How far each step moves the weights along −∂L/∂W. Too small: learns slowly. Too big: the loss "
                   "jumps around; a step that would move the weights by more than their own size is refused and the "
                   "weights kept. Ctrl+click to type a value (0 < η ≤ 10).",
                   "De combien chaque pas déplace les poids le long de −∂L/∂W. Trop petit : apprend lentement. Trop "
                   "grand : la perte saute ; un pas qui déplacerait les poids de plus que leur propre taille est refusé "
                   "et les poids conservés. Ctrl+clic pour taper une valeur (0 < η ≤ 10)."));
    schedule_settings(s, em);
    ImGui::SetNextItemWidth(fit_item_width(em * 8, TR("gradient clipping###clip", "écrêtage du gradient###clip")));
    set_float(s, TR("gradient clipping###clip", "écrêtage du gradient###clip"), SET_GRAD_CLIP, oc.grad_clip, 0.0f, 10.0f,
              oc.grad_clip > 0 ? num_format(nf, sizeof nf, "%.2f", oc.grad_clip) : TR("off", "non"));
    help_marker(TR("If the norm ‖∂L/∂θ‖ of the whole gradient is above this value, the gradient is scaled down to it "
                   "before the step: protects against rare huge gradients. 0 = off.",
                   "Si la norme ‖∂L/∂θ‖ du gradient entier dépasse cette valeur, le gradient est réduit à cette norme "
                   "avant le pas : protège contre de rares gradients énormes. 0 = désactivé."));
    ImGui::TextDisabled("%s %s", TR("last gradient norm:", "dernière norme du gradient :"), fmt_float(tr.opt.last_grad_norm, 4).c_str());
    if (oc.kind == OPT_ADAMW && ImGui::TreeNode(TR("AdamW settings###adamw", "Réglages d'AdamW###adamw"))) {
        adamw_settings(s, em, nf, sizeof nf);
        ImGui::TreePop();
    }
}

static void reinit_button(AppState& s) {
    TrainingPanelState& ps = s.training_panel;
    const Trainer& tr = s.trainer;
    if (tr.seed != ps.seed_seen) { ps.seed_edit = tr.seed; ps.seed_seen = tr.seed; }  // follow demo / page changes
    ImGui::SetNextItemWidth(fit_item_width(ImGui::GetFontSize() * 8, TR("seed###seed", "graine###seed")));
    ImGui::InputScalar(TR("seed###seed", "graine###seed"), ImGuiDataType_U64, &ps.seed_edit);
    const char* reinit_lbl = TR("Re-initialise to random weights###reinit", "Réinitialiser au hasard###reinit");
    same_line_if_fits(ImGui::CalcTextSize(reinit_lbl, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x);
    if (ImGui::Button(reinit_lbl)) ImGui::OpenPopup("###reinit_confirm");
    if (ImGui::BeginPopupModal(TR("Random weights?###reinit_confirm", "Poids aléatoires ?###reinit_confirm"), nullptr,
                               ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("%s", TR("Every weight gets a new random value (seed above); the loss history is cleared.",
                             "Chaque poids reçoit une nouvelle valeur aléatoire (graine ci-dessus) ; l'historique est effacé."));
        if (ImGui::Button(TR("Re-initialise###yes", "Réinitialiser###yes"))) {
            cmd_reinit(s, double(ps.seed_edit));
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button(TR("Cancel###no", "Annuler###no"))) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

static void batch_section(AppState& s) {
    if (!ImGui::CollapsingHeader(TR("Batch, context, seed###batch", "Lot, contexte, graine###batch"), ImGuiTreeNodeFlags_DefaultOpen)) return;
    const Trainer& tr = s.trainer;
    const float em = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(fit_item_width(em * 10, TR("batch size B###B", "taille du lot B###B")));
    set_int(s, TR("batch size B###B", "taille du lot B###B"), SET_BATCH, tr.B, 1, 64);
    help_marker(TR("How many text windows are averaged in one step: bigger = smoother gradient, slower step.",
                   "Nombre de fenêtres de texte moyennées à chaque pas : plus grand = gradient plus régulier, pas plus lent."));
    ImGui::SetNextItemWidth(fit_item_width(em * 10, TR("context T###T", "contexte T###T")));
    set_int(s, TR("context T###T", "contexte T###T"), SET_CONTEXT, tr.T, 1, std::max(1, tr.model.cfg.n_ctx));
    help_marker(TR("Tokens per window (at most n_ctx, the number of learned positions).",
                   "Jetons par fenêtre (au plus n_ctx, le nombre de positions apprises)."));
    ImGui::SetNextItemWidth(fit_item_width(em * 8, TR("validation every###evalevery", "validation tous les###evalevery")));
    int every = tr.eval_every;
    if (ImGui::DragInt(TR("validation every###evalevery", "validation tous les###evalevery"), &every, 1.0f, 0, 10000,
                       tr.eval_every > 0 ? TR("%d steps", "%d pas") : TR("never", "jamais")))
        cmd_set(s, SET_EVAL_EVERY, every);
    reinit_button(s);
}

// ---- the panel --------------------------------------------------------------------------------

void panel_training(AppState& s) {
    Trainer& tr = s.trainer;
    ImGui::SetNextWindowSize(ImVec2(460, 640), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin(TR("Training###training", "Entraînement###training"), s.embed ? nullptr : &panels().training)) { ImGui::End(); return; }
    const float em = ImGui::GetFontSize();

    // Controls.
    if (ImGui::Button(key_hint(TR("Step (Space)###step", "Un pas (Espace)###step"), TR("Step###step", "Un pas###step")))) cmd_step(s, 1);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", TR("One optimizer step: a batch, the loss, the gradient ∂L/∂W, then W ← W − η·∂L/∂W.",
                                   "Un pas d'optimisation : un lot, la perte, le gradient ∂L/∂W, puis W ← W − η·∂L/∂W."));
    ImGui::SameLine();
    if (ImGui::Button(s.running ? key_hint(TR("Pause (R)###run", "Pause (R)###run"), TR("Pause###run", "Pause###run"))
                                 : key_hint(TR("Run (R)###run", "Lancer (R)###run"), TR("Run###run", "Lancer###run"))))
        cmd_run(s, !s.running);
    ImGui::SameLine();
    if (ImGui::Button(TR("Demo###demo", "Démo###demo"))) cmd_demo(s);
    if (ImGui::IsItemHovered()) {
        const DemoScript& d = demo_script();
        ImGui::SetTooltip(TR("Reproducible demo: random weights from seed %llu, AdamW η = %g, batch %d × %d, "
                             "%d steps.\nSame curve on every computer, every time.",
                             "Démo reproductible : poids aléatoires de graine %llu, AdamW η = %g, lot %d × %d, "
                             "%d pas.\nMême courbe sur chaque ordinateur, à chaque fois."),
                          (unsigned long long)d.seed, d.lr, d.B, d.T, d.steps);
    }
    if (demo_active(s)) {
        const DemoScript& d = demo_script();
        ImGui::SameLine();
        const float frac = 1.0f - (float)s.steps_pending / (float)d.steps;
        ImGui::ProgressBar(frac, ImVec2(-1, 0), (fmt_int(d.steps - s.steps_pending) + " / " + fmt_int(d.steps)).c_str());
    }

    // Step, loss and throughput.
    ImGui::PushFont(font_mono());
    ImGui::Text("%s %s   %s %s", TR("step", "pas"), fmt_int(tr.step).c_str(), TR("loss", "perte"),
                tr.last_loss >= 0 ? fmt_float(tr.last_loss, 4).c_str() : "—");
    ImGui::PopFont();
    {
        // Throughput, wrapping on narrow windows (lecture mode) instead of running off the edge.
        char tp[192];
        std::snprintf(tp, sizeof tp, "%s %s · %s %s · %s fps%s", fmt_float(s.steps_per_s, 1).c_str(), TR("steps/s", "pas/s"),
                      fmt_int((long long)s.tokens_per_s).c_str(), TR("tokens/s", "jetons/s"), fmt_float(s.fps, 0).c_str(),
                      s.steps_pending > 0 ? (std::string(TR(" · queued ", " · en attente ")) + fmt_int(s.steps_pending)).c_str() : "");
        text_disabled_wrapped(tp);
        // The threads the kernels use, and on one thread why (the page tells: web/anatomy.js).
        const int nt = threads_count();
        const char* why = s.threads_note == THREADS_NOTE_NOT_ISOLATED ? TR(" (page not cross-origin isolated)", " (page non isolée cross-origin)")
                        : s.threads_note == THREADS_NOTE_TURNED_OFF ? TR(" (threads=0 in the address)", " (threads=0 dans l'adresse)") : "";
        // With threads, training has a thread of its own (src/app/train_worker.h): the display's
        // own work per frame says it never waits for a step.
        char own[128] = "";
        if (train_worker_used(s))
            std::snprintf(own, sizeof own, TR(" · training on its own thread · display %s ms/frame", " · entraînement sur son propre fil · affichage %s ms/image"),
                          fmt_float(float(s.main_ms), 1).c_str());
        std::snprintf(tp, sizeof tp, "%d %s%s%s", nt, nt == 1 ? TR("thread", "fil d'exécution") : TR("threads", "fils d'exécution"),
                      nt == 1 ? why : "", own);
        text_disabled_wrapped(tp);
    }
    ImGui::SetNextItemWidth(fit_item_width(em * 10, TR("ms of training per frame###budget", "ms d'entraînement par image###budget")));
    float budget = s.train_budget_ms;   // typed values (Ctrl+click) go through the same rule as the slider
    if (ImGui::SliderFloat(TR("ms of training per frame###budget", "ms d'entraînement par image###budget"), &budget,
                           kBudgetMin, kBudgetMax, "%.0f ms"))
        cmd_set_budget(s, budget);
    help_marker(TR("Without threads, training runs between two frames of the display. More milliseconds per frame = more steps per "
                   "second but a less fluid display (at 60 images per second a frame lasts 16 ms). On a page with threads "
                   "(cross-origin isolated) training has a thread of its own and this budget is not used.",
                   "Sans fils d'exécution, l'entraînement tourne entre deux images de l'affichage. Plus de millisecondes par image = plus de "
                   "pas par seconde, mais un affichage moins fluide (à 60 images par seconde, une image dure 16 ms). Sur une page "
                   "avec fils d'exécution (isolée cross-origin), l'entraînement a son propre fil et ce budget ne sert pas."));

    if (!s.status.empty()) ImGui::TextDisabled("%s", s.status.c_str());
    if (s.data_deferred) {
        const std::string q = quote(s.data_name);
        if (s.data_requested)
            ImGui::TextWrapped("%s", (TR("Downloading the training text ", "Téléchargement du texte d'entraînement ") + q + "…").c_str());
        else
            ImGui::TextWrapped("%s", (TR("Training text: ", "Texte d'entraînement : ") + q +
                                      TR(" (downloaded when training starts).", " (téléchargé au début de l'entraînement).")).c_str());
    } else if (tr.data.train.empty()) {
        ImGui::TextWrapped("%s", TR("No training data loaded yet.", "Aucune donnée d'entraînement chargée pour l'instant."));
    }

    // Loss curves.
    CurveOptions& co = s.training_panel.curves;
    ImGui::Checkbox(TR("log scale###logy", "échelle log###logy"), &co.log_y);
    ImGui::SameLine();
    static const int windows[] = {0, 100, 1000, 10000};
    const char* wnames[] = {TR("all steps", "tous les pas"), TR("last 100", "100 derniers"),
                            TR("last 1,000", "1 000 derniers"), TR("last 10,000", "10 000 derniers")};
    int wi = 0;
    for (int i = 0; i < 4; i++) if (windows[i] == co.window) wi = i;
    same_line_if_fits(em * 8);
    ImGui::SetNextItemWidth(em * 8);
    if (ImGui::Combo("###window", &wi, wnames, 4)) co.window = windows[wi];
    char nf[64];   // numbers written the French way in French (0,90)
    same_line_if_fits(em * 6 + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(TR("smoothing", "lissage")).x);
    ImGui::SetNextItemWidth(fit_item_width(em * 6, TR("smoothing###smooth", "lissage###smooth")));
    ImGui::SliderFloat(TR("smoothing###smooth", "lissage###smooth"), &co.smooth, 0.0f, 0.99f, num_format(nf, sizeof nf, "%.2f", co.smooth),
                       ImGuiSliderFlags_NoRoundToFormat);
    const float plot_h = std::max(em * 11, std::min(em * 20, ImGui::GetContentRegionAvail().y * 0.45f));
    loss_curves(s, co, plot_h);
    // With a snapshot taken (key F), the comparison comes right under the curves: it is what the
    // presenter is showing. Otherwise it waits at the bottom.
    int& frozen_seen = s.training_panel.frozen_seen;  // open the section when a new snapshot is taken
    const bool frozen = !s.frozen_params.empty();
    auto before_after_section = [&]() {
        if (frozen && s.frozen_step != frozen_seen) ImGui::SetNextItemOpen(true);
        frozen_seen = frozen ? s.frozen_step : -2;
        if (ImGui::CollapsingHeader(TR("Before / after###beforeafter", "Avant / après###beforeafter"))) before_after(s);
    };
    if (frozen) before_after_section();
    if (ImGui::CollapsingHeader(TR("What is the loss?###whatloss", "Qu'est-ce que la perte ?###whatloss"))) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(TR(
            "For each position the model gives a probability to every possible next token. The loss is −ln of the "
            "probability it gave to the token that really came next, averaged over the batch. A model that guesses "
            "uniformly among V tokens scores ln V (the dashed line); a perfect model would score 0. The faint line is "
            "every step's batch, the bold one is smoothed, the orange dots are measured on held-out validation text.",
            "À chaque position, le modèle donne une probabilité à chaque jeton suivant possible. La perte est −ln de la "
            "probabilité donnée au jeton qui est vraiment venu ensuite, moyennée sur le lot. Un modèle qui tire au "
            "hasard parmi V jetons obtient ln V (la ligne pointillée) ; un modèle parfait obtiendrait 0. La ligne pâle "
            "est le lot de chaque pas, la ligne épaisse est lissée, les points orange sont mesurés sur un texte de "
            "validation jamais vu à l'entraînement."));
        ImGui::PopTextWrapPos();
    }

    optimizer_section(s);
    batch_section(s);
    if (!frozen) before_after_section();

    ImGui::End();
}

} // namespace ga::app
