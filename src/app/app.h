// The app's state, shared by every panel (one panel per file, panel_*.cpp). The platform layer
// (src/platform) owns the window and the main loop and calls app_frame() once per frame.
#pragma once
#include "i18n.h"
#include "trainer.h"
#include <string>
#include <vector>

namespace ga::app {

// What a heatmap / bias view shows for a tensor.
enum ViewQuantity : int { VIEW_WEIGHT = 0, VIEW_GRAD = 1, VIEW_UPDATE = 2, VIEW_ADAM_M = 3, VIEW_ADAM_V = 4 };

// One entry of the page's catalogue (assets/models.json): a shipped model or data set.
struct CatalogEntry {
    std::string kind;               // "model" or "data"
    std::string name;               // "words-fr-tiny", "kjv-genesis", ...
    std::string title_en, title_fr; // one line for a menu item (may be empty: show name)
    double bytes = 0;               // download size
};

// Per-panel state lives here (not in file-scope statics), so a new model resets it in one place
// (commands.cpp: weights_replaced) and tests can look at it.
struct TrainingPanelState {
    struct Curves {
        bool log_y = false;
        int window = 0;       // 0 = all steps, else the last N
        float smooth = 0.9f;  // EMA factor for the bold training line
    } curves;                 // the user's choices: kept across models
    // "before / after": norm of each tensor's change, cached by the trainer's change counter
    struct Change { double before_norm = 0, delta_norm = 0; };
    std::vector<Change> changes;
    uint64_t changes_version = 0;
    int changes_frozen = -2;
    double changes_time = -1e9;
    int frozen_seen = -2;     // the section opens when a new snapshot is taken
    unsigned long long seed_edit = 0, seed_seen = ~0ull;
    void reset_for_new_model() { Curves c = curves; *this = TrainingPanelState{}; curves = c; }
};

struct AppState {
    Trainer trainer;
    std::string model_name = "random";   // what is loaded: asset name, file name or "random"
    std::string data_name;
    std::vector<CatalogEntry> catalog;   // filled by the page once it has read it
    uint64_t model_epoch = 0;            // bumped when the weights are replaced (load, re-init, new model, demo)

    // Training control (time-sliced: a few ms of steps per frame keep the UI smooth).
    bool running = false;
    int steps_pending = 0;               // queued by Step / anatomy.step(n)
    bool demo = false;                   // the seeded demo is running (cmd_demo)
    float train_budget_ms = 12.0f;       // per frame while running
    float steps_per_s = 0.0f, tokens_per_s = 0.0f;
    float fps = 0.0f;
    double frame_ms = 0.0;

    // Selection: index into trainer.model.table, -1 = none.
    int selected = -1;
    ViewQuantity view = VIEW_WEIGHT;

    // Presentation
    bool lecture_mode = false;           // large fonts, thick lines
    bool embed = false;                  // no menus, sized to the iframe
    std::string panel = "";              // ?panel=... focuses one panel in embed mode

    // Messages shown to the user (errors never abort; the model stays as it was).
    Msg error;                           // shown in the banner (any panel, embeds) until dismissed or the next success
    Msg status;                          // last info message
    double frame_time_s = 0.0;           // seconds since start, for animations

    // "Before / after" (presenter key F): a copy of the parameters frozen at some step, to compare
    // with the current ones (same layout as trainer.model.params; empty = nothing frozen).
    std::vector<float> frozen_params;
    int frozen_step = -1;
    TrainingPanelState training_panel;
    float frozen_loss = -1.0f;           // validation loss (fixed batches) at freeze time
};

AppState& app_state();

void app_init(AppState& s);    // after ImGui is set up: a random model until the page loads one
void app_frame(AppState& s);   // runs queued/background training steps, then draws every panel
void app_train_slice(AppState& s, double budget_ms);  // runs training steps within a time budget

// Which panels are open (the menu toggles them; ?panel= in embed mode shows one).
struct PanelVisibility {
    bool parameters = true, model_map = true, heatmap = true, bias = true, training = true,
         formulas = false, inspector = false, anatomy = false, help = false;
};
PanelVisibility& panels();

// Panels: one per file (panel_<name>.cpp), each draws one ImGui window.
void panel_menu(AppState& s);         // main menu bar: language, lecture mode, panels, files
void panel_parameters(AppState& s);   // the parameter table
void panel_model_map(AppState& s);    // the model as a diagram: embeddings → blocks → head
void panel_heatmap(AppState& s);      // the selected rank-2 tensor as a heatmap (W, ∂L/∂W, ΔW, m, v)
void panel_bias(AppState& s);         // the selected rank-1 tensor as bars
void panel_training(AppState& s);     // Step, Run/Pause, η, optimizer, loss curves, throughput
void panel_formulas(AppState& s);     // z = W·x + b and W ← W − η·∂L/∂W with real numbers
void panel_inspector(AppState& s);    // prompt → next-token probabilities, attention, generation
void panel_anatomy(AppState& s);      // parameter counts: this model vs GPT-2/GPT-3/LLaMA, what-if

void error_banner(AppState& s);       // the error banner, drawn over every panel (and in embeds)

} // namespace ga::app

#include "commands.h"   // every action and setting: cmd_*
