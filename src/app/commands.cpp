// The app's commands (see commands.h): one function per action or setting, each checking with the
// core's rule (src/core/hparams.h) and changing nothing on refusal.
#include "commands.h"
#include "quote.h"
#include "edits.h"
#include "touch.h"   // device_hooks: view-only models
#include "hooks.h"
#include "presenter.h"   // lecture mode, snapshot, demo script, layout
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ga::app {

PlatformHooks& hooks() {
    static PlatformHooks h;
    return h;
}

// ---- messages --------------------------------------------------------------------------------

static std::string num(double v) {
    char b[40];
    std::snprintf(b, sizeof b, "%.6g", v);
    return b;
}
static std::string num_fr(double v) {
    std::string t = num(v);
    for (char& c : t) if (c == '.') c = ',';
    return t;
}

std::string refuse(AppState& s, const Msg& m) {
    s.error = m;
    return m.text();
}

std::string ok(AppState& s) {
    s.error.clear();
    return {};
}

// How each setting is called on screen.
static Msg setting_name(Setting w) {
    switch (w) {
    case SET_LR: return {"learning rate η", "taux d'apprentissage η"};
    case SET_BETA1: return {"β1", "β1"};
    case SET_BETA2: return {"β2", "β2"};
    case SET_EPS: return {"ε", "ε"};
    case SET_WEIGHT_DECAY: return {"weight decay", "décroissance des poids"};
    case SET_GRAD_CLIP: return {"gradient clipping", "écrêtage du gradient"};
    case SET_WARMUP_STEPS: return {"warm-up steps", "pas de montée"};
    case SET_TOTAL_STEPS: return {"total steps", "pas au total"};
    case SET_MIN_LR_RATIO: return {"final η ratio", "rapport η final"};
    case SET_BATCH: return {"batch size B", "taille du lot B"};
    case SET_CONTEXT: return {"context T", "contexte T"};
    case SET_EVAL_EVERY: return {"validation interval", "intervalle de validation"};
    case SET_SEED: return {"seed", "graine"};
    default: return {"setting", "réglage"};
    }
}

// "0 < x ≤ 10" with the language's decimal mark.
static Msg range_msg(Setting w, double hi) {
    const SettingRange& r = setting_range(w);
    const double top = hi > 0 ? hi : r.hi;
    auto one = [&](bool fr) {
        std::string t = (fr ? num_fr(r.lo) : num(r.lo)) + (r.lo_open ? " < x " : " ≤ x ") + (r.hi_open ? "< " : "≤ ") +
                        (fr ? num_fr(top) : num(top));
        if (r.integer) t += fr ? ", un nombre entier" : ", a whole number";
        return t;
    };
    return {one(false), one(true)};
}

Msg setting_msg(Setting w, double v, CheckCode why, double hi) {
    const Msg name = setting_name(w), range = range_msg(w, hi);
    const char* en = why == CHECK_NOT_FINITE ? "is not a number" : why == CHECK_TOO_SMALL ? "is too small"
                   : why == CHECK_TOO_LARGE ? "is too large" : "is not a whole number";
    const char* fr = why == CHECK_NOT_FINITE ? "n'est pas un nombre" : why == CHECK_TOO_SMALL ? "est trop petit"
                   : why == CHECK_TOO_LARGE ? "est trop grand" : "n'est pas un nombre entier";
    return {name.en + " = " + num(v) + " " + en + " (allowed: " + range.en + "); nothing was changed.",
            name.fr + " = " + num_fr(v) + " " + fr + " (permis : " + range.fr + ") ; rien n'a été modifié."};
}

static Msg mb_msg(double bytes) {
    const std::string n = std::to_string((long long)std::ceil(bytes / 1048576.0));
    return {n + " MB", n + " Mo"};
}

Msg step_error_msg(const StepError& e, const Trainer& tr) {
    const std::string at = std::to_string(e.step);
    const Msg head("Step " + at + " refused: ", "Pas " + at + " refusé : ");
    const Msg kept(" The weights were not changed.", " Les poids n'ont pas été modifiés.");
    auto with = [&](const Msg& body) { return Msg(head.en + body.en + kept.en, head.fr + body.fr + kept.fr); };
    switch (e.code) {
    case STEP_OK: return {};
    case STEP_NO_MODEL: return with({"no model is loaded.", "aucun modèle n'est chargé."});
    case STEP_NO_DATA:
        return with({"there is no training text for this model (choose one in File → Training text).",
                     "aucun texte d'entraînement pour ce modèle (choisissez-en un dans Fichier → Texte d'entraînement)."});
    case STEP_BAD_SHAPE:
        return with(e.tensor == "batch" ? setting_msg(SET_BATCH, e.value, setting_check(SET_BATCH, e.value))
                                        : setting_msg(SET_CONTEXT, e.value, setting_check(SET_CONTEXT, e.value, e.limit), e.limit));
    case STEP_TOO_BIG: {
        const Msg need = mb_msg(e.value), max = mb_msg(e.limit);
        return with({"batch " + std::to_string(tr.B) + " × context " + std::to_string(tr.T) + " needs about " + need.en +
                         " per step (at most " + max.en + "): lower the batch or the context.",
                     "un lot de " + std::to_string(tr.B) + " × contexte " + std::to_string(tr.T) + " demande environ " +
                         need.fr + " par pas (au plus " + max.fr + ") : baissez le lot ou le contexte."});
    }
    case STEP_TOKEN_OUT_OF_VOCAB:
        return with({"the training text has tokens this model does not know (made with another tokenizer?).",
                     "le texte d'entraînement contient des jetons inconnus de ce modèle (autre tokeniseur ?)."});
    case STEP_BAD_HPARAM:
        for (int w = 0; w < SET_COUNT; w++)
            if (e.tensor == setting_range(Setting(w)).name)
                return with(setting_msg(Setting(w), e.value, setting_check(Setting(w), e.value)));
        return with({"the learning-rate schedule's steps are out of range.", "les pas du programme de η sont hors limites."});
    case STEP_LOSS_NOT_FINITE:
        return with({"the loss is " + std::string(std::isnan(e.value) ? "NaN" : "infinite") +
                         " (the numbers blew up). The learning rate η is probably too high: lower it and step again.",
                     "la perte vaut " + std::string(std::isnan(e.value) ? "NaN" : "l'infini") +
                         " (les nombres ont explosé). Le taux d'apprentissage η est sans doute trop grand : baissez-le et refaites un pas."});
    case STEP_NO_GRADIENTS: return with({"no gradients were computed.", "aucun gradient n'a été calculé."});
    case STEP_GRAD_NOT_FINITE:
        return with({"the gradient ∂L/∂θ is not finite (NaN or infinity).", "le gradient ∂L/∂θ n'est pas fini (NaN ou infini)."});
    case STEP_UPDATE_NOT_FINITE:
    case STEP_MOMENTS_NOT_FINITE:
        return with({"after the update " + e.tensor + " would not be finite (NaN or infinity): η is too high.",
                     "après la mise à jour, " + e.tensor + " ne serait plus fini (NaN ou infini) : η est trop grand."});
    case STEP_UPDATE_TOO_LARGE: {
        const std::string lr = num(tr.opt.cfg.lr), lr_fr = num_fr(tr.opt.cfg.lr);
        return with({"it would move the weights by more than their own size (‖ΔW‖ = " + num(e.value) + " > ‖W‖ = " +
                         num(e.limit) + "): the learning rate η = " + lr + " is too high for this model; lower it.",
                     "il déplacerait les poids de plus que leur propre taille (‖ΔW‖ = " + num_fr(e.value) + " > ‖W‖ = " +
                         num_fr(e.limit) + ") : le taux d'apprentissage η = " + lr_fr + " est trop grand pour ce modèle ; baissez-le."});
    }
    }
    return with({"unknown reason.", "raison inconnue."});
}

// ---- training ------------------------------------------------------------------------------

Msg train_ready(const AppState& s) {
    const Trainer& tr = s.trainer;
    if (tr.model.params.empty()) return {"No model is loaded.", "Aucun modèle n'est chargé."};
    // a checkpoint loaded for viewing and generation only (the page's memory plan, web/anatomy.js)
    if (device_hooks().train_block) {
        const std::string why = device_hooks().train_block();
        if (!why.empty()) return {why, why};
    }
    // a deferred data set is fetched when training starts (data_wanted): training waits for it
    if (tr.data.train.size() < 2 && !s.data_deferred)
        return {"No training text for this model: load a data set or paste text with its characters.",
                "Aucun texte d'entraînement pour ce modèle : chargez un jeu de données ou collez un texte avec ses caractères."};
    const StepError e = tr.check_settings();
    if (e.code != STEP_OK && !(e.code == STEP_NO_DATA && s.data_deferred)) return step_error_msg(e, tr);
    // Training allocates gradients, ΔW and (AdamW) two moments on its first step: ~4× the
    // parameters. A big checkpoint loaded for viewing says it cannot train instead of aborting.
    double need = 0;
    const double pbytes = double(tr.model.params.size()) * 4.0;
    if (tr.model.grads.empty()) need += pbytes;
    if (tr.opt.cfg.kind == OPT_ADAMW && tr.opt.m.empty()) need += 2 * pbytes;
    if (tr.opt.last_update.empty()) need += pbytes;
    if (need > 64.0 * 1048576.0 && hooks().can_allocate && !hooks().can_allocate(need)) {
        const Msg m = mb_msg(need);
        return {"This model is too big to train in this browser (training needs " + m.en +
                    " more memory); it can still be viewed and used to generate text.",
                "Ce modèle est trop grand pour être entraîné dans ce navigateur (l'entraînement demande " + m.fr +
                    " de mémoire en plus) ; on peut encore le regarder et lui faire générer du texte."};
    }
    return {};
}

std::string cmd_step(AppState& s, double n) {
    if (!std::isfinite(n) || n < 0 || n > 1e6 || n != std::floor(n))
        return refuse(s, {"Number of steps " + num(n) + " is not allowed (a whole number from 0 to 1,000,000); nothing was changed.",
                          "Nombre de pas " + num_fr(n) + " non permis (un nombre entier de 0 à 1 000 000) ; rien n'a été modifié."});
    const Msg why = train_ready(s);
    if (!why.empty()) return refuse(s, why);
    train_assets_wanted(s);   // the steps run once the text and the moments are in
    s.steps_pending += int(n);
    return ok(s);
}

std::string cmd_run(AppState& s, bool on) {
    if (on) {
        const Msg why = train_ready(s);
        if (!why.empty()) return refuse(s, why);
        train_assets_wanted(s);   // training starts once the text and the moments are in
        s.running = true;
        return ok(s);
    }
    s.running = false;
    s.steps_pending = 0;
    s.steps_per_s = s.tokens_per_s = 0.0f;   // a paused model trains at 0 steps/s
    return {};
}

std::string cmd_set(AppState& s, Setting w, double v) {
    Trainer& tr = s.trainer;
    const double hi = w == SET_CONTEXT ? double(std::max(1, tr.model.cfg.n_ctx)) : -1.0;
    const CheckCode why = setting_check(w, v, hi);
    if (why != CHECK_OK) return refuse(s, setting_msg(w, v, why, hi));
    if (w == SET_BATCH || w == SET_CONTEXT) {
        const int B = w == SET_BATCH ? int(v) : tr.B, T = w == SET_CONTEXT ? int(v) : tr.T;
        const double bytes = train_step_bytes(tr.model.cfg, B, T);
        if (bytes > kMaxStepBytes) {
            const Msg need = mb_msg(bytes), max = mb_msg(kMaxStepBytes), name = setting_name(w);
            return refuse(s, {name.en + " = " + num(v) + ": batch " + std::to_string(B) + " × context " + std::to_string(T) +
                                  " would need about " + need.en + " per step (at most " + max.en + "); nothing was changed.",
                              name.fr + " = " + num_fr(v) + " : un lot de " + std::to_string(B) + " × contexte " +
                                  std::to_string(T) + " demanderait environ " + need.fr + " par pas (au plus " + max.fr +
                                  ") ; rien n'a été modifié."});
        }
    }
    OptimConfig& c = tr.opt.cfg;
    switch (w) {
    case SET_LR: c.lr = float(v); break;
    case SET_BETA1: c.beta1 = float(v); break;
    case SET_BETA2: c.beta2 = float(v); break;
    case SET_EPS: c.eps = float(v); break;
    case SET_WEIGHT_DECAY: c.weight_decay = float(v); break;
    case SET_GRAD_CLIP: c.grad_clip = float(v); break;
    case SET_WARMUP_STEPS: c.warmup_steps = int(v); break;
    case SET_TOTAL_STEPS: c.total_steps = int(v); break;
    case SET_MIN_LR_RATIO: c.min_lr_ratio = float(v); break;
    case SET_BATCH: tr.B = int(v); break;
    case SET_CONTEXT: tr.T = int(v); break;
    case SET_EVAL_EVERY: tr.eval_every = int(v); break;
    case SET_SEED:
        // the seed of the training batches and of the next random initialisation
        tr.seed = uint64_t(v);
        tr.rng = Rng(tr.seed);
        break;
    default: break;
    }
    return ok(s);
}

std::string cmd_set_optimizer(AppState& s, OptimizerKind k) {
    if (k != OPT_SGD && k != OPT_ADAMW) return refuse(s, {"Unknown optimizer.", "Optimiseur inconnu."});
    s.trainer.set_optimizer(k);
    return ok(s);
}

std::string cmd_set_optimizer(AppState& s, const std::string& n) {
    if (n == "sgd") return cmd_set_optimizer(s, OPT_SGD);
    if (n == "adamw" || n == "adam") return cmd_set_optimizer(s, OPT_ADAMW);
    return refuse(s, {"Unknown optimizer " + quote(n) + " (use sgd or adamw); nothing was changed.",
                      "Optimiseur « " + quote_bare(n) + " » inconnu (sgd ou adamw) ; rien n'a été modifié."});
}

std::string cmd_set_schedule(AppState& s, ScheduleKind k) {
    OptimConfig& c = s.trainer.opt.cfg;
    if (k != SCHED_CONSTANT && k != SCHED_WARMUP_COSINE) return refuse(s, {"Unknown schedule.", "Programme inconnu."});
    c.schedule = k;
    if (k == SCHED_WARMUP_COSINE && c.total_steps <= 0) {
        c.warmup_steps = 50;
        c.total_steps = s.trainer.step + 1000;
    }
    return ok(s);
}

std::string cmd_set_budget(AppState& s, double ms) {
    if (!std::isfinite(ms) || ms < kBudgetMin || ms > kBudgetMax)
        return refuse(s, {"ms of training per frame = " + num(ms) + " is not allowed (1 to 50: more would freeze the page); nothing was changed.",
                          "ms d'entraînement par image = " + num_fr(ms) + " non permis (1 à 50 : plus figerait la page) ; rien n'a été modifié."});
    s.train_budget_ms = float(ms);
    return ok(s);
}

// What every "the weights are now something else" path resets: training queue, generation,
// speed figures, selection-dependent panel state.
static void weights_replaced(AppState& s) {
    s.running = false;
    s.steps_pending = 0;
    s.steps_per_s = s.tokens_per_s = 0.0f;
    s.demo = false;
    s.model_epoch++;
    s.training_panel.reset_for_new_model();
    s.heatmap_panel.reset_for_new_model();
    s.teach_panel.reset_for_new_model();
    s.parameters_panel.reset_for_new_model();
    s.formula_pick = FormulaPick{};
    s.bias_panel.reset_for_new_model();
    s.inspector_panel.reset_for_new_model();  // (a page generation stops at its next token: cmd_gen_next)
    edits_forget(s);  // the undo history of teach / edits / knock-outs is about the old weights
}

std::string cmd_reinit(AppState& s, double seed) {
    if (seed >= 0) {
        const CheckCode why = setting_check(SET_SEED, seed);
        if (why != CHECK_OK) return refuse(s, setting_msg(SET_SEED, seed, why));
    }
    if (s.trainer.model.params.empty()) return refuse(s, {"No model is loaded.", "Aucun modèle n'est chargé."});
    weights_replaced(s);
    s.trainer.reinit(seed >= 0 ? uint64_t(seed) : s.trainer.seed);
    s.model_name = "random";
    return ok(s);
}

// The context a freshly loaded model trains with: its whole n_ctx when small, else the largest
// halving of it whose step fits comfortably (a GPT-2 at T = 1024 would need gigabytes).
static int context_for(const GPTConfig& c, int B) {
    int T = std::max(1, c.n_ctx);
    while (T > 1 && (T > 256 || train_step_bytes(c, B, T) > kMaxStepBytes / 2)) T /= 2;
    return T;
}

std::string cmd_new_model(AppState& s, int n_layer, int n_head, int n_embd, int n_ctx, double seed,
                          const std::string& dn, const std::string& text) {
    if (seed >= 0 && setting_check(SET_SEED, seed) != CHECK_OK) return refuse(s, setting_msg(SET_SEED, seed, setting_check(SET_SEED, seed)));
    Checkpoint ck;
    std::string err = tokenizer_char_from_text(text, &ck.tokenizer);
    if (!err.empty()) return refuse(s, Msg(quote(dn) + ": " + err, quote(dn) + " : " + err));
    GPTConfig cfg;
    cfg.n_layer = n_layer; cfg.n_head = n_head; cfg.n_embd = n_embd; cfg.n_ctx = n_ctx;
    cfg.vocab_size = ck.tokenizer.vocab_size();
    err = ck.model.init(cfg);
    const std::string shape = std::to_string(n_layer) + "x" + std::to_string(n_head) + "x" + std::to_string(n_embd);
    if (!err.empty()) return refuse(s, Msg("model " + shape + ": " + err, "modèle " + shape + " : " + err));
    const int T = std::min(s.trainer.T, n_ctx);
    Dataset d;
    DataError why;
    err = dataset_from_text(dn, text, ck.tokenizer, T, &d, &why);
    if (!err.empty()) return refuse(s, data_error_msg(dn, why, err));
    const uint64_t sd = seed >= 0 ? uint64_t(seed) : s.trainer.seed;
    ck.model.init_random(sd);
    weights_replaced(s);
    s.trainer.seed = sd;
    s.trainer.set_model(std::move(ck));
    s.trainer.T = T;
    data_clear(s);
    s.trainer.data = std::move(d);
    s.data_name = dn;
    s.model_name = "random";
    s.selected = -1;
    return ok(s);
}

std::string cmd_demo(AppState& s) {
    const DemoScript& d = demo_script();
    Trainer& tr = s.trainer;
    if (tr.model.params.empty()) return refuse(s, {"Demo: no model is loaded.", "Démo : aucun modèle n'est chargé."});
    if (data_wanted(s))
        return refuse(s, {"Demo: the training text " + quote(s.data_name) + " is being downloaded; start the demo again in a moment.",
                          "Démo : le texte d'entraînement " + quote(s.data_name) + " est en cours de téléchargement ; relancez la démo dans un instant."});
    if (tr.data.train.size() < 2)
        return refuse(s, {"Demo: no training data loaded.", "Démo : aucune donnée d'entraînement chargée."});
    weights_replaced(s);
    OptimConfig c;  // defaults: AdamW, β1 0.9, β2 0.999, ε 1e-8, weight decay 0.01
    c.kind = OPT_ADAMW;
    c.lr = d.lr;
    c.grad_clip = 1.0f;
    c.schedule = SCHED_CONSTANT;
    tr.opt.cfg = c;
    tr.B = d.B;
    tr.T = std::min(d.T, tr.model.cfg.n_ctx);
    tr.reinit(d.seed);    // also resets the optimizer's t, m, v
    s.model_name = "random";
    snapshot_freeze(s);  // "before" = the random weights, so the demo ends with a comparison
    s.steps_pending = d.steps;
    s.demo = true;
    s.status = Msg("Demo running: seeded, same result every time", "Démo en cours : graine fixe, même résultat à chaque fois");
    return ok(s);
}

// ---- model, data -----------------------------------------------------------------------------

std::string encode_error_fr(const EncodeError& e, const std::string& en) {
    switch (e.code) {
    case ENCODE_UNKNOWN_CHAR:
        return "le caractère " + e.character + " (position " + std::to_string(e.position) + ") n'est pas dans l'alphabet du modèle";
    case ENCODE_NOT_UTF8: return "ce n'est pas du texte UTF-8 valide (octet " + std::to_string(e.position) + ")";
    case ENCODE_NO_TOKENIZER: return "le modèle n'a pas de tokeniseur (pas d'alphabet, ou le vocabulaire GPT-2 n'est pas chargé)";
    case ENCODE_OK: break;
    }
    return en;
}

Msg data_error_msg(const std::string& name, const DataError& e, const std::string& detail) {
    std::string fr = detail;
    switch (e.code) {
    case DATA_BAD_CONTEXT: fr = "le contexte T doit valoir au moins 1"; break;
    case DATA_ENCODE: fr = encode_error_fr(e.encode, detail); break;
    case DATA_TOO_SHORT:
        fr = std::to_string(e.tokens) + " jetons : trop court pour le contexte " + std::to_string(e.need - 1) +
             " (les parts entraînement et validation, 90 % et 10 %, en demandent chacune au moins " + std::to_string(e.need) +
             ", soit au moins " + std::to_string(e.need * 10) + " en tout)";
        break;
    case DATA_OK: break;
    }
    return {quote(name) + ": " + detail, "jeu de données " + quote(name) + " : " + fr};
}

Msg load_error_msg(const std::string& name, LoadCode code, const std::string& detail) {
    // French: a headline from the code, the core's English one-liner as the technical detail
    const char* fr = "ce fichier n'a pas pu être lu";
    switch (code) {
    case LOAD_NOT_SAFETENSORS: fr = "ce n'est pas un fichier safetensors valide (tronqué ou d'un autre format)"; break;
    case LOAD_NOT_GPT2: fr = "ce fichier ne décrit pas un GPT-2 que l'application sait lire"; break;
    case LOAD_TOKENIZER: fr = "le tokeniseur décrit dans le fichier est absent, inconnu ou incohérent"; break;
    case LOAD_BAD_VALUES: fr = "des poids du fichier sont illisibles ou non finis (NaN, inf)"; break;
    case LOAD_OPTIMIZER: fr = "l'état de l'optimiseur AdamW enregistré est incohérent"; break;
    case LOAD_OK: break;
    }
    return {quote(name) + ": " + detail + " (the current model is kept)",
            quote(name) + " : " + fr + " ; le modèle actuel est conservé. (Détail : " + detail + ")"};
}

std::string cmd_load_checkpoint(AppState& s, const uint8_t* bytes, size_t n, const std::string& name) {
    if (!bytes || n == 0) return refuse(s, {quote(name) + ": the file is empty; the current model is kept.",
                                            quote(name) + " : le fichier est vide ; le modèle actuel est conservé."});
    Checkpoint ck;
    LoadCode code = LOAD_OK;
    std::string err = checkpoint_load(bytes, n, &ck, &code);
    if (!err.empty()) return refuse(s, load_error_msg(name, code, err));
    weights_replaced(s);
    s.trainer.set_model(std::move(ck));
    s.trainer.T = context_for(s.trainer.model.cfg, s.trainer.B);   // the context follows the model
    // A checkpoint with its AdamW state continues with its own recipe (context, a batch of at
    // least 64, half the η where its schedule ended, the saved moments): Run keeps the validation
    // loss going down instead of kicking the model out of its minimum.
    s.trainer.apply_continuation_settings();
    s.model_name = name;
    s.selected = -1;
    snapshot_clear(s);
    s.status.clear();
    // The page loads the data that goes with this model next (cmd_set_data or cmd_defer_data).
    data_clear(s);
    s.moments_requested = false;   // a shipped model's moments are asked for when training starts
    return ok(s);
}

void data_clear(AppState& s) {
    s.trainer.data = Dataset{};
    s.data_name.clear();
    s.data_deferred = s.data_requested = false;
}

// Asks the page for something once (`requested` remembers the ask until the thing comes).
static void ask_page_once(bool& requested, const char* action, const std::string& arg) {
    if (requested || !hooks().page_action) return;
    requested = true;
    hooks().page_action(action, arg.c_str());
}

bool data_wanted(AppState& s) {
    if (!s.data_deferred) return false;
    ask_page_once(s.data_requested, "fetchData", s.data_name);
    return true;
}

bool moments_wanted(AppState& s) {
    if (!s.trainer.moments_pending()) return false;
    if (!hooks().page_action) {   // no page to fetch them from (a start-up copy loaded natively)
        s.trainer.moments_unavailable();
        return false;
    }
    ask_page_once(s.moments_requested, "fetchMoments", s.model_name);
    return true;
}

bool train_assets_wanted(AppState& s) {
    const bool data = data_wanted(s), moments = moments_wanted(s);   // both asked for now
    return data || moments;
}

std::string cmd_set_moments(AppState& s, const uint8_t* bytes, size_t n) {
    if (!s.trainer.moments_pending()) return {};   // another model came meanwhile, or SGD: not needed
    OptimizerState st;
    std::string err = optimizer_moments_load(bytes, n, s.trainer.model, &st);
    if (err.empty()) err = s.trainer.set_moments(std::move(st));
    if (err.empty()) return {};   // the banner is left alone: this came in the background
    return cmd_moments_failed(s, {"The saved optimizer state could not be read (" + err + ")",
                                  "L'état enregistré de l'optimiseur n'a pas pu être lu (" + err + ")"});
}

std::string cmd_moments_failed(AppState& s, const Msg& why) {
    if (!s.trainer.moments_pending()) return {};
    s.trainer.moments_unavailable();
    s.moments_requested = false;
    return refuse(s, {why.en + ": AdamW starts from fresh moments.", why.fr + " : AdamW repart de moments neufs."});
}

std::string cmd_defer_data(AppState& s, const std::string& name) {
    if (name.empty()) return refuse(s, {"No data set named.", "Aucun jeu de données nommé."});
    if (!hooks().page_action)   // only a page can fetch it later
        return refuse(s, {"No page to fetch the data set " + quote(name) + " from.", "Aucune page d'où télécharger le jeu de données " + quote(name) + "."});
    if (s.running || s.steps_pending > 0) cmd_run(s, false);
    data_clear(s);
    s.data_name = name;
    s.data_deferred = true;
    return ok(s);
}

std::string cmd_defer_data_failed(AppState& s, const std::string& name, const Msg& why) {
    if (!s.data_deferred || name != s.data_name) return {};   // another data set came meanwhile
    cmd_run(s, false);
    data_clear(s);
    return refuse(s, why);
}

std::string cmd_set_data(AppState& s, const std::string& name, const std::string& utf8) {
    Dataset d;
    DataError why;
    std::string err = dataset_from_text(name, utf8, s.trainer.tokenizer, s.trainer.T, &d, &why);
    if (!err.empty()) {
        if (s.data_deferred && name == s.data_name) {   // it will not come: stop waiting for it
            cmd_run(s, false);
            data_clear(s);
        }
        return refuse(s, data_error_msg(name, why, err));
    }
    // training that waited for this deferred text goes on; any other text stops it first
    if (!(s.data_deferred && name == s.data_name)) {
        s.running = false;
        s.steps_pending = 0;
    }
    data_clear(s);
    s.trainer.data = std::move(d);
    s.data_name = name;
    // A loaded model's starting point on the loss curve: its validation loss before any step
    // (a pretrained model starts far below ln V). Skipped for big models, where it would stall
    // the page for seconds.
    Trainer& tr = s.trainer;
    if (tr.step == 0 && tr.history.empty() && tr.model.params.size() < 5000000) {
        const float v = tr.eval_loss(tr.eval_batches);
        if (v >= 0.0f) tr.history.push_back(LossPoint{0, -1.0f, v});
    }
    return ok(s);
}

// ---- generation ------------------------------------------------------------------------------

uint64_t weights_key(const AppState& s) {
    return s.trainer.version * 1000003ull + (uint64_t)teach_session().version;
}

void cmd_gen_stop(Generation& g) {
    g.left = 0;
    g.gen.clear();
}

std::string cmd_gen_begin(AppState& s, Generation& g, const std::string& prompt, double temperature, double top_k,
                          double seed, double n) {
    cmd_gen_stop(g);
    const Trainer& tr = s.trainer;
    if (tr.model.params.empty()) return refuse(s, {"No model is loaded.", "Aucun modèle n'est chargé."});
    if (!std::isfinite(temperature) || temperature < 0)
        return refuse(s, {"temperature = " + num(temperature) + " is not allowed (a number >= 0; 0 = always the most probable token); nothing was generated.",
                          "température = " + num_fr(temperature) + " non permise (un nombre >= 0 ; 0 = toujours le jeton le plus probable) ; rien n'a été généré."});
    if (!std::isfinite(top_k) || top_k < 0 || top_k != std::floor(top_k))
        return refuse(s, {"top-k = " + num(top_k) + " is not allowed (a whole number >= 0; 0 = all tokens); nothing was generated.",
                          "top-k = " + num_fr(top_k) + " non permis (un entier >= 0 ; 0 = tous les jetons) ; rien n'a été généré."});
    if (!std::isfinite(n) || n < 0 || n > kGenMaxTokens || n != std::floor(n))
        return refuse(s, {"tokens to generate = " + num(n) + " is not allowed (0 to " + std::to_string(kGenMaxTokens) + ").",
                          "jetons à générer = " + num_fr(n) + " non permis (0 à " + std::to_string(kGenMaxTokens) + ")."});
    if (seed >= 0) {
        const CheckCode why = setting_check(SET_SEED, seed);
        if (why != CHECK_OK) return refuse(s, setting_msg(SET_SEED, seed, why));
    }
    std::vector<int> ids;
    EncodeError why;
    std::string err = generation_prompt(tr.tokenizer, tr.model.cfg.vocab_size, prompt, &ids, &why);
    if (!err.empty()) return refuse(s, {"Cannot read this prompt: " + err, "Impossible de lire ce texte : " + encode_error_fr(why, err)});
    err = g.gen.begin(tr.model, ids);
    if (!err.empty()) return refuse(s, {"Cannot generate: " + err, "Impossible de générer : " + err});
    g.out.clear();
    g.text.clear();
    g.temperature = float(temperature);
    g.top_k = int(std::min<double>(top_k, tr.model.cfg.vocab_size));
    g.rng = Rng(seed >= 0 ? uint64_t(seed) : uint64_t(tr.step) * 7919u + 17u);
    g.left = int(n);
    g.done = 0;
    g.epoch = s.model_epoch;
    g.weights = weights_key(s);
    return ok(s);
}

bool cmd_gen_next(AppState& s, Generation& g, std::string* why) {
    if (!g.active()) return false;
    if (g.epoch != s.model_epoch || s.trainer.model.params.empty()) {
        cmd_gen_stop(g);
        if (why) *why = Msg("generation stopped: the model was replaced", "génération arrêtée : le modèle a été remplacé").text();
        return false;
    }
    if (g.weights != weights_key(s)) {
        // trained or edited meanwhile: same context, new weights (the cache holds the old ones' K/V)
        const std::vector<int> ctx = g.gen.tokens();
        const std::string err = g.gen.begin(s.trainer.model, ctx);
        if (!err.empty()) {
            cmd_gen_stop(g);
            if (why) *why = err;
            return false;
        }
        g.weights = weights_key(s);
    }
    const int id = g.gen.next(g.temperature, g.top_k, g.rng);
    if (id < 0) { cmd_gen_stop(g); return false; }
    g.out.push_back(id);
    g.text += s.trainer.tokenizer.decode_one(id);
    g.done++;
    if (--g.left <= 0) g.gen.clear();   // done: give the cache back
    return true;
}

// ---- what is shown ---------------------------------------------------------------------------

std::string cmd_select_index(AppState& s, int i) {
    if (i < -1 || i >= int(s.trainer.model.table.size()))
        return refuse(s, {"No tensor number " + std::to_string(i) + " in this model.",
                          "Pas de tenseur numéro " + std::to_string(i) + " dans ce modèle."});
    s.selected = i;
    return {};
}

std::string cmd_select(AppState& s, const std::string& n) {
    if (n.empty()) return cmd_select_index(s, -1);
    const auto& t = s.trainer.model.table;
    for (size_t i = 0; i < t.size(); i++)
        if (t[i].name == n || "transformer." + t[i].name == n) return cmd_select_index(s, int(i));
    std::string names;
    for (size_t i = 0; i < t.size() && i < 4; i++) names += (i ? ", " : "") + t[i].name;
    return refuse(s, {"No tensor named " + quote(n) + " in this model (names look like " + names + ", ...).",
                      "Aucun tenseur nommé « " + quote_bare(n) + " » dans ce modèle (les noms ressemblent à " + names + ", ...)."});
}

std::string cmd_set_view(AppState& s, int v) {
    if (v < VIEW_WEIGHT || v > VIEW_EXAMPLE_GRAD)
        return refuse(s, {"Unknown view " + std::to_string(v) + " (0 W, 1 ∂L/∂W, 2 ΔW, 3 Adam m, 4 Adam v).",
                          "Vue " + std::to_string(v) + " inconnue (0 W, 1 ∂L/∂W, 2 ΔW, 3 m d'Adam, 4 v d'Adam)."});
    s.view = ViewQuantity(v);
    if (s.view == VIEW_ADAM_M || s.view == VIEW_ADAM_V) moments_wanted(s);   // a shipped model's saved moments
    return {};
}

std::string cmd_set_lang(AppState& s, const std::string& code) {
    if (code == "fr") set_lang(LANG_FR);
    else if (code == "en") set_lang(LANG_EN);
    else return refuse(s, {"Unknown language " + quote(code) + " (en or fr).", "Langue « " + quote_bare(code) + " » inconnue (en ou fr)."});
    return {};
}

std::string cmd_show_panels(AppState& s, const std::string& l) {
    unsigned m = 0;
    const Msg why = parse_panel_list(l, &m);
    if (!why.empty()) return refuse(s, why);
    auto on = [&](PanelId p) { return (m >> p & 1u) != 0; };
    PanelVisibility v{};
    v.parameters = on(PANEL_PARAMS);
    v.model_map = on(PANEL_MODEL_MAP);
    v.heatmap = on(PANEL_HEATMAP);
    v.bias = on(PANEL_BIAS);
    v.training = on(PANEL_TRAINING);
    v.formulas = on(PANEL_FORMULAS);
    v.inspector = on(PANEL_INSPECTOR);
    v.anatomy = on(PANEL_ANATOMY);
    v.teach = on(PANEL_TEACH);
    v.help = on(PANEL_HELP);
    panels() = v;
    layout_request_reset();   // tile the new set of panels
    return {};
}

} // namespace ga::app
