// The app's state, shared by every panel (one panel per file, panel_*.cpp). The platform layer
// (src/platform) owns the window and the main loop and calls app_frame() once per frame.
#pragma once
#include "i18n.h"
#include "trainer.h"
#include <string>
#include <vector>

namespace ga::app {

// What a heatmap / bias view shows for a tensor.
// VIEW_EXAMPLE_GRAD: ∂L/∂W of the Teach panel's one example (next to the batch's VIEW_GRAD).
enum ViewQuantity : int { VIEW_WEIGHT = 0, VIEW_GRAD = 1, VIEW_UPDATE = 2, VIEW_ADAM_M = 3, VIEW_ADAM_V = 4, VIEW_EXAMPLE_GRAD = 5 };

struct AppState {
    Trainer trainer;
    std::string model_name = "random";   // what is loaded: asset name, file name or "random"
    std::string data_name;

    // Training control (time-sliced: a few ms of steps per frame keep the UI smooth).
    bool running = false;
    int steps_pending = 0;               // queued by Step / anatomy.step(n)
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
    std::string error;                   // shown in a banner until dismissed
    std::string status;                  // last info message
    double frame_time_s = 0.0;           // seconds since start, for animations

    // "Before / after" (presenter key F): a copy of the parameters frozen at some step, to compare
    // with the current ones (same layout as trainer.model.params; empty = nothing frozen).
    std::vector<float> frozen_params;
    int frozen_step = -1;
    float frozen_loss = -1.0f;           // validation loss (fixed batches) at freeze time
};

AppState& app_state();

void app_init(AppState& s);    // after ImGui is set up: a random model until the page loads one
void app_frame(AppState& s);   // runs queued/background training steps, then draws every panel
void app_train_slice(AppState& s, double budget_ms);  // runs training steps within a time budget

// Loading (the page fetches files and hands over the bytes; see src/platform/js_bridge.cpp).
// On error: returns the one-line reason, shows it, and the current model stays exactly as it was.
std::string app_load_checkpoint(AppState& s, const uint8_t* bytes, size_t n, const std::string& name);
// Training text for the current tokenizer (char models: characters outside the alphabet are an
// error naming them). name: "kjv", "words-fr", "user", ...
std::string app_set_dataset_text(AppState& s, const std::string& name, const std::string& utf8);

// Which panels are open (the menu toggles them; ?panel= in embed mode shows one).
struct PanelVisibility {
    bool parameters = true, model_map = true, heatmap = true, bias = true, training = true,
         formulas = false, inspector = false, anatomy = false, help = false, teach = false;
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
void panel_teach(AppState& s);        // one example, one SGD step; knock out heads/neurons; undo

} // namespace ga::app
