// The app's state, shared by every panel (one panel per file, panel_*.cpp). The platform layer
// (src/platform) owns the window and the main loop and calls app_frame() once per frame.
#pragma once
#include "anatomy.h"
#include "i18n.h"
#include "generate.h"
#include "bars.h"
#include "heatmap.h"
#include "trainer.h"
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace ga::app {

struct TrainWorker;   // src/app/train_worker.cpp

// What a heatmap / bias view shows for a tensor.
// VIEW_EXAMPLE_GRAD: ∂L/∂W of the Teach panel's one example (next to the batch's VIEW_GRAD).
enum ViewQuantity : int { VIEW_WEIGHT = 0, VIEW_GRAD = 1, VIEW_UPDATE = 2, VIEW_ADAM_M = 3, VIEW_ADAM_V = 4, VIEW_EXAMPLE_GRAD = 5 };
// Why the page trains on one thread, told by the page (web/anatomy.js → ga_js_set_threads) for the
// Training panel's thread line: not cross-origin isolated (no SharedArrayBuffer), or ?threads=0.
enum ThreadsNote : int { THREADS_NOTE_NONE = 0, THREADS_NOTE_NOT_ISOLATED = 1, THREADS_NOTE_TURNED_OFF = 2 };

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

// One streamed text generation over the core's Generator (driven by cmd_gen_begin/cmd_gen_next).
struct Generation {
    Generator gen;
    std::vector<int> out;        // the generated tokens
    std::string text;            // their text
    float temperature = 0.8f;
    int top_k = 0;               // 0 = all tokens
    Rng rng{1};
    int left = 0, done = 0;      // tokens still to make, tokens made
    uint64_t epoch = 0;          // AppState::model_epoch at begin: another model stops the generation
    uint64_t weights = 0;        // weights_key() the cache was built with: a change re-begins it
    bool active() const { return left > 0 && gen.active(); }
};

// The Weights heatmap panel's state (panel_heatmap.cpp).
struct HeatmapPanelState {
    HeatmapView view;
    std::string tensor_name;            // the matrix shown (kept when a vector is selected)
    ScaleMode scale_mode = SCALE_P99;   // the user's choice: kept across models
    bool head_lines = true;             // the user's choice: kept across models
    bool scale_locked = false;          // a locked scale belongs to the numbers it was locked on
    float scale = 1.0f;
    int split = 0;                      // W_QKV: 0 = all, 1 = Q, 2 = K, 3 = V
    int head = -1;                      // with a split: -1 = all heads, else one head
    uint64_t version = 0;               // Trainer::version of the upload
    std::string key;                    // tensor + quantity uploaded
    void reset_for_new_model() {
        HeatmapPanelState fresh;
        fresh.scale_mode = scale_mode;
        fresh.head_lines = head_lines;
        fresh.view = view;              // keeps the GL texture (re-uploaded: key is empty)
        fresh.view.col_lo = fresh.view.col_hi = -1;
        fresh.view.rows = fresh.view.cols = 0;
        fresh.view.ptr = PointerState{};
        *this = std::move(fresh);
    }
};

// The Biases and norms panel's state (panel_bias.cpp).
struct BiasPanelState {
    BarsView bars;
    std::string vec_name;               // the vector shown (kept when a matrix is selected)
    ScaleMode mode = SCALE_MAXABS;      // the user's choice: kept across models
    bool locked = false;
    float scale = 1.0f;
    uint64_t version = 0;
    std::string key;
    std::vector<float> dev;             // scratch: values − baseline, for the scale
    void reset_for_new_model() { BiasPanelState fresh; fresh.mode = mode; *this = std::move(fresh); }
};

// The Teach panel's state (panel_teach.cpp).
struct TeachPanelState {
    char context[256] = "chocola";
    char target[64] = "t";
    float lr = 0.1f;
    int top_n = 10;
    int model_seen = -1;     // teach_session().version when the preview was computed
    std::string model_name;  // the example's default follows the model
    // knock-out
    int layer = 0, head = 0, neuron = 0;
    float val_before = -1.0f, val_after = -1.0f;
    // one weight
    int tensor = 0, row = 0, col = 0;
    float value = 0.0f;
    size_t drag_off = (size_t)-1;  // the weight being dragged (its undo step is recorded once)
    int step_seen = -1;
    double preview_time = 0.0;
    std::string message;
    // a new model: the example (keyed by model_name), the indices and the results start afresh
    void reset_for_new_model() { *this = TeachPanelState{}; }
};

// The Anatomy panel's state (panel_anatomy.cpp): the user's choices, about no particular model,
// so they stay when a model loads.
struct AnatomyPanelState {
    int mode = 0;          // comparison bars: 0 = shares, 1 = absolute (log)
    int preset = -1;       // the what-if calculator's preset (-1 = custom)
    ArchSpec what_if;
    bool init = false;     // the calculator starts on GPT-3 175B
};

// The Parameters panel's state (panel_parameters.cpp).
struct ParametersPanelState {
    bool grouped = true;                // the user's choices: kept across models
    char filter[64] = "";
    int sort_col = 0;                   // 0 model order, 2 role, 3 shape, 4 count (column user ids)
    bool sort_desc = false;
    int last_selected = -2;             // scrolls to a selection made elsewhere
    void reset_for_new_model() { last_selected = -2; }
};

// One weight or bias picked for the Formulas panel (a click on a heatmap cell or a bar).
struct FormulaPick {
    int tensor = -1;   // index in model.table of a weight matrix (rank 2) or bias (rank 1)
    int row = 0, col = 0;
};

// The Forward pass inspector's state (panel_inspector.cpp).
struct InspectorPanelState {
    // the user's choices: kept across models
    char prompt[512] = "";
    bool prompt_edited = false;       // typed by the user: never replaced
    int top_k_show = 10;
    int layer = 0;
    bool all_layers = true;
    float temperature = 0.8f;
    int top_k = 20;
    int max_new = 200;
    unsigned long long gen_seed = 42;
    // what the automatic prompt was made for (a new model or data set makes a new one)
    uint64_t prompt_epoch = ~0ull;
    std::string prompt_for_data;
    size_t prompt_for_data_size = 0;
    // Results of the last analysis forward, copied out of the probe
    std::string enc_prompt;           // prompt the results below belong to
    std::vector<int> ids;             // its tokens (last n_ctx of them)
    Msg enc_error;
    int T = 0, L = 0, NH = 0, C4 = 0, V = 0;
    std::vector<float> att;           // (L,NH,T,T)
    std::vector<float> gelu;          // (L,4C) at the last position
    std::vector<std::pair<float, int>> top;  // (prob, id), best first
    uint64_t at_key = 0;              // weights_key() of the results
    double at_time = -1e9;
    bool dirty = true;
    std::vector<HeatmapView> views;   // one per (layer, head) shown
    GPT probe;                        // private forward pass with full activations (borrows the weights)
    Generation gen;
    std::string gen_prompt;           // the prompt the generation continues
    Msg gen_error;
    void reset_for_new_model() {
        InspectorPanelState fresh;
        std::memcpy(fresh.prompt, prompt, sizeof prompt);
        fresh.prompt_edited = prompt_edited;
        fresh.top_k_show = top_k_show;
        fresh.all_layers = all_layers;
        fresh.temperature = temperature;
        fresh.top_k = top_k;
        fresh.max_new = max_new;
        fresh.gen_seed = gen_seed;
        fresh.views.swap(views);      // GL textures are reused (re-uploaded on the next draw)
        *this = std::move(fresh);
        for (HeatmapView& v : views) v.uploaded = false;
    }
};

struct AppState {
    Trainer trainer;
    std::string model_name = "random";   // what is loaded: asset name, file name or "random"
    std::string data_name;               // the training text's name (shipped data set, "user", ...)
    // The default page names its model's data set at start-up but fetches it only when something
    // first needs the text (training, the inspector's prompt, an example, an ablation): the page is
    // ready without downloading and encoding it (issue 11). While data_deferred, data_name is the
    // chosen set and trainer.data is empty; data_wanted() (commands.h) asks the page for it once.
    bool data_deferred = false;
    bool data_requested = false;
    // Likewise the AdamW moments of a shipped model (Trainer::moments_pending): its step count and
    // settings come with the weights, the moments when training first needs them (moments_wanted).
    bool moments_requested = false;
    std::vector<CatalogEntry> catalog;   // filled by the page once it has read it
    uint64_t model_epoch = 0;            // bumped when the weights are replaced (load, re-init, new model, demo)

    // Training control (time-sliced: a few ms of steps per frame keep the UI smooth).
    bool running = false;
    int steps_pending = 0;               // queued by Step / anatomy.step(n)
    bool demo = false;                   // the seeded demo is running (cmd_demo)
    float train_budget_ms = 12.0f;       // per frame while running (time-sliced training)
    // Training on a thread of its own (src/app/train_worker.h) instead of time-sliced into the
    // frames: set by the platform when it has threads (the threaded page); off natively unless a
    // test turns it on.
    bool train_thread = false;
    std::shared_ptr<TrainWorker> worker; // started on first use
    float steps_per_s = 0.0f, tokens_per_s = 0.0f;
    float fps = 0.0f;
    // The main thread's own work per frame (ms), measured by the platform around its frame:
    // an average and the largest of the last second (state().main_ms, main_ms_max).
    double main_ms = 0.0, main_ms_max = 0.0;
    ThreadsNote threads_note = THREADS_NOTE_NONE;   // the thread count itself is the core's: threads_count()

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
    InspectorPanelState inspector_panel;
    TeachPanelState teach_panel;
    ParametersPanelState parameters_panel;
    AnatomyPanelState anatomy_panel;
    FormulaPick formula_pick;            // an index into the model's table: reset on load
    HeatmapPanelState heatmap_panel;
    BiasPanelState bias_panel;
    Generation page_gen;                 // the page's anatomy.generate() (src/platform/js_bridge.cpp)
    float frozen_loss = -1.0f;           // validation loss (fixed batches) at freeze time
};

AppState& app_state();

void app_init(AppState& s);    // the placeholder: a random model on the addition task (the page asks for it only when it can load none)
void app_frame(AppState& s);   // runs queued/background training steps, then draws every panel
void app_train_slice(AppState& s, double budget_ms);  // runs training steps within a time budget
double now_ms();               // a steady clock in ms (training budgets and speeds)

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

void error_banner(AppState& s);       // the error banner, drawn over every panel (and in embeds)

} // namespace ga::app

#include "commands.h"   // every action and setting: cmd_*
