// Every action and setting of the app, one function each: the Training panel, the menus, the
// keyboard shortcuts, the URL parameters, the page's JavaScript API and postMessage
// (src/platform/js_bridge.cpp, web/anatomy.js) and the demo all go through these, so a value is
// checked by one rule (src/core/hparams.h) and a change resets what it must, whoever asks.
// Each returns "" on success or the reason in the current language; a refused command changes
// nothing and shows its reason in the error banner (AppState::error); a successful one clears an
// earlier error.
#pragma once
#include "app.h"
#include "checkpoint.h"
#include "hparams.h"
#include "page_request.h"   // kBudgetMin/Max, the panel names
#include <cstdint>
#include <string>

namespace ga::app {

// ---- training ------------------------------------------------------------------------------
std::string cmd_step(AppState& s, double n);        // queue n optimizer steps (0..1e6)
std::string cmd_run(AppState& s, bool on);          // run / pause (pause drops the queue)
std::string cmd_set(AppState& s, Setting which, double v);   // η, β1, β2, ε, decay, clip, batch, ...
std::string cmd_set_optimizer(AppState& s, OptimizerKind k); // a real switch resets t, m, v
std::string cmd_set_optimizer(AppState& s, const std::string& name);  // "sgd" | "adamw" | "adam"
std::string cmd_set_schedule(AppState& s, ScheduleKind k);
std::string cmd_set_budget(AppState& s, double ms);  // ms of training per frame, kBudgetMin..kBudgetMax
// Random weights of the same shape; seed < 0 keeps the current seed.
std::string cmd_reinit(AppState& s, double seed);
// A new random model whose alphabet is that of `text`, trained on it ("start from scratch").
std::string cmd_new_model(AppState& s, int n_layer, int n_head, int n_embd, int n_ctx, double seed,
                          const std::string& data_name, const std::string& text);
std::string cmd_demo(AppState& s);                  // the seeded, reproducible demo
// "" if training can start (a model, data, memory for gradients and moments); else why not.
Msg train_ready(const AppState& s);

// ---- model, data -----------------------------------------------------------------------------
// A safetensors checkpoint (bytes handed over by the page). Resets panel state and the optimizer;
// the context follows the new model. On error the current model stays exactly as it was.
std::string cmd_load_checkpoint(AppState& s, const uint8_t* bytes, size_t n, const std::string& name);
// Training text for the current tokenizer. name: a shipped data set, "user", ...
// The text of the deferred data set (cmd_defer_data) keeps training that waited for it going;
// any other text stops training first.
std::string cmd_set_data(AppState& s, const std::string& name, const std::string& utf8);
// Names the current model's data set without its text: the page fetches it when data_wanted()
// asks (the default page's start-up, AppState::data_deferred).
std::string cmd_defer_data(AppState& s, const std::string& name);
// The deferred data set could not be had (download failed, text refused): training that waited
// for it stops, with `why` in the banner, and the model is left without data.
std::string cmd_defer_data_failed(AppState& s, const std::string& name, const Msg& why);
// True while the data set is deferred: its text is still to come. The first call asks the page to
// fetch it (page action "fetchData"); callers that need the text wait, or say it is on its way.
bool data_wanted(AppState& s);
// Forgets the data set (a new model's data comes next), deferred or not.
void data_clear(AppState& s);
// True while the model's AdamW moments are still to come (Trainer::moments_pending); the first
// call asks the page for them (page action "fetchMoments" with the model's name).
bool moments_wanted(AppState& s);
// What training waits for: the deferred data set and the deferred moments, both asked for at once.
bool train_assets_wanted(AppState& s);
// The page's answer to "fetchMoments": the companion file's bytes (optimizer_moments_load,
// checkpoint.h). A file that does not fit, or none (cmd_moments_failed), starts AdamW afresh with
// the reason in the banner; training that waited goes on either way.
std::string cmd_set_moments(AppState& s, const uint8_t* bytes, size_t n);
std::string cmd_moments_failed(AppState& s, const Msg& why);

// ---- generation ------------------------------------------------------------------------------
// One streamed generation (Generation, app.h): the inspector's and the page's anatomy.generate()
// both go through cmd_gen_begin / cmd_gen_next over the core's Generator (src/core/generate.h),
// which the CLI uses too: the same prompt rule (an empty prompt starts from the model's start
// token), the same window (the model's whole n_ctx, the KV cache sliding by half when it is full)
// and the same sampling.
constexpr int kGenMaxTokens = 100000;
// Encodes `prompt` and prefills the cache. temperature >= 0 (0 = greedy), top_k >= 0 (0 = all),
// seed < 0: one derived from the step count, n tokens to make (0..kGenMaxTokens). A refusal
// leaves g stopped and shows the reason in the banner.
std::string cmd_gen_begin(AppState& s, Generation& g, const std::string& prompt, double temperature, double top_k,
                          double seed, double n);
// One more token. True if one was made; false when done or stopped (another model was loaded:
// then the reason is returned in *why). After a training step or an edit of the weights the cache
// is rebuilt from the current context with the new weights, and the generation goes on.
bool cmd_gen_next(AppState& s, Generation& g, std::string* why = nullptr);
void cmd_gen_stop(Generation& g);   // stops and gives the cache's memory back
// Changes whenever the weights or the knocked-out heads/neurons change (trainer step, load,
// re-init, an edit or a knock-out): the key the generation's cache and the inspector compare.
uint64_t weights_key(const AppState& s);

// ---- what is shown ---------------------------------------------------------------------------
std::string cmd_select(AppState& s, const std::string& tensor_name);   // "" = none
std::string cmd_select_index(AppState& s, int index);                  // -1 = none
std::string cmd_set_view(AppState& s, int view);                      // ViewQuantity
std::string cmd_set_lang(AppState& s, const std::string& code);        // "en" | "fr"
std::string cmd_show_panels(AppState& s, const std::string& comma_list);

// ---- messages --------------------------------------------------------------------------------
// A refused training step worded in both languages from its code (no English text is parsed).
Msg step_error_msg(const StepError& e, const Trainer& tr);
// "η = 1000 is too large (allowed: 0 < η ≤ 10); nothing was changed." in both languages.
Msg setting_msg(Setting which, double v, CheckCode why, double hi = -1.0);
// The tokenizer's refusal (its code) in French; `en`, the core's English line, when it has no code.
std::string encode_error_fr(const EncodeError& e, const std::string& en);
// A text that cannot be a data set, in both languages (the French from the core's DataCode).
Msg data_error_msg(const std::string& name, const DataError& e, const std::string& detail);
// A refused checkpoint: in French a headline from the core's LoadCode, the core's one-liner as detail.
Msg load_error_msg(const std::string& name, LoadCode code, const std::string& detail);
// Shows `m` in the banner and returns it in the current language.
std::string refuse(AppState& s, const Msg& m);
// The next success clears an old error.
std::string ok(AppState& s);

} // namespace ga::app
