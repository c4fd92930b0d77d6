// The training thread (train_worker.h): the worker's loop, and the main thread's hand-over once
// per frame.
#include "train_worker.h"
#include "app.h"
#include "edits.h"
#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

namespace ga::app {

// The settings a command may change while the worker runs, without starting it again: the next
// step uses them. (Seed, optimizer kind, weights, data are in TrainSyncKey instead.)
struct LightSettings {
    OptimConfig cfg;
    int B = 0, T = 0, eval_every = 0, eval_batches = 0;
    float max_update_ratio = 0.0f;
    bool keep_update = true;
};
static LightSettings light_of(const Trainer& t) {
    return {t.opt.cfg, t.B, t.T, t.eval_every, t.eval_batches, t.max_update_ratio, t.opt.keep_update};
}
static void apply_light(const LightSettings& l, Trainer& t) {
    t.opt.cfg = l.cfg;
    t.B = l.B; t.T = l.T;
    t.eval_every = l.eval_every; t.eval_batches = l.eval_batches;
    t.max_update_ratio = l.max_update_ratio;
    t.opt.keep_update = l.keep_update;
}
static_assert(sizeof(OptimConfig) == 11 * 4, "OptimConfig changed: check that memcmp below still compares every field (no padding)");
static bool same(const LightSettings& a, const LightSettings& b) {
    return std::memcmp(&a.cfg, &b.cfg, sizeof a.cfg) == 0 && a.B == b.B && a.T == b.T && a.eval_every == b.eval_every &&
           a.eval_batches == b.eval_batches && a.max_update_ratio == b.max_update_ratio && a.keep_update == b.keep_update;
}

struct TrainWorker {
    std::mutex mu;
    std::condition_variable cv;
    // ---- guarded by mu
    bool quit = false;
    bool work_ready = false;    // `work` holds the shown state of `synced`
    bool busy = false;          // the worker is inside a step (it owns `work`)
    bool run = false;           // step on and on (Run)
    long allowed = 0;           // else: steps it may still take (Step, anatomy.step(n))
    LightSettings light;
    uint64_t light_version = 0;
    Trainer mailbox;            // results: only copy_step_state's fields mean anything
    bool mb_fresh = false, mb_failed = false;
    int mb_steps = 0;           // steps in the mailbox not handed over yet
    double mb_step_ms = 0.0;    // the time they took
    Trainer work;               // the worker's, while busy; the main thread's while not
    // ---- worker thread only
    uint64_t light_applied = 0;
    // ---- main thread only
    TrainSyncKey synced;
    int pushed_pending = 0;     // AppState::steps_pending already added to `allowed`
    std::thread thread;

    ~TrainWorker() {
        {
            std::lock_guard<std::mutex> lk(mu);
            quit = true;
        }
        cv.notify_all();
        if (thread.joinable()) thread.join();
    }

    void loop() {
        std::unique_lock<std::mutex> lk(mu);
        int steps = 0;
        double step_ms = 0.0, published = now_ms();
        for (;;) {
            cv.wait(lk, [this] { return quit || (work_ready && (run || allowed > 0)); });
            if (quit) return;
            if (light_applied != light_version) {
                apply_light(light, work);
                light_applied = light_version;
            }
            if (allowed > 0) allowed--;
            busy = true;
            lk.unlock();
            const double t0 = now_ms();
            const bool ok = work.train_step();
            const double dt = now_ms() - t0;
            lk.lock();
            busy = false;
            if (ok) { steps++; step_ms += dt; }
            const bool more = ok && (run || allowed > 0);
            // Hand over at most every kPublishMs, and always when stopping: the main thread then
            // sees the last step (a paused model shows where it stopped).
            if (!ok || !more || now_ms() - published >= kPublishMs) {
                copy_step_state(work, mailbox);
                mb_fresh = true;
                mb_failed = mb_failed || !ok;
                mb_steps += steps;
                mb_step_ms += step_ms;
                steps = 0;
                step_ms = 0.0;
                published = now_ms();
                if (!ok) { run = false; allowed = 0; }
            }
        }
    }
};

bool TrainSyncKey::operator==(const TrainSyncKey& o) const {
    return weights == o.weights && epoch == o.epoch && rng == o.rng && data == o.data && data_size == o.data_size &&
           val_size == o.val_size && m_size == o.m_size && step == o.step && opt_t == o.opt_t && opt_kind == o.opt_kind &&
           vocab == o.vocab;
}

TrainSyncKey train_sync_key(const AppState& s) {
    const Trainer& t = s.trainer;
    TrainSyncKey k;
    k.weights = weights_key(s);   // weights, edits, knock-outs (a step changes it too: taken after a hand-over)
    k.epoch = s.model_epoch;
    k.rng = t.rng.s;
    k.data = t.data.train.data();
    k.data_size = t.data.train.size();
    k.val_size = t.data.val.size();
    k.m_size = t.opt.m.size();
    k.step = t.step;
    k.opt_t = t.opt.t;
    k.opt_kind = int(t.opt.cfg.kind);
    k.vocab = t.tokenizer.vocab_size();
    return k;
}

bool train_worker_used(const AppState& s) {
    return s.train_thread && s.trainer.model.params.size() <= size_t(kMaxWorkerParams);
}

static TrainWorker& worker(AppState& s) {
    if (!s.worker) {
        s.worker = std::make_shared<TrainWorker>();
        TrainWorker* w = s.worker.get();
        w->thread = std::thread([w] { w->loop(); });
    }
    return *s.worker;
}

// The mailbox's results into the shown state, with what app_train_slice does after its steps.
static void hand_over(AppState& s, TrainWorker& w) {
    copy_step_state(w.mailbox, s.trainer);
    const int n = w.mb_steps;
    if (n > 0) {
        const int queued = std::min(n, s.steps_pending);
        s.steps_pending -= queued;
        w.pushed_pending -= queued;
        if (teach_session().history.active()) edits_forget(s);  // the steps baked the edits in
        // (a paused model trains at 0 steps/s: the results of its last step bring no speed back)
        if (w.mb_step_ms > 0 && (s.running || s.steps_pending > 0)) {
            const float sps = float(n * 1000.0 / w.mb_step_ms);
            s.steps_per_s = s.steps_per_s > 0 ? 0.9f * s.steps_per_s + 0.1f * sps : sps;
            s.tokens_per_s = s.steps_per_s * float(s.trainer.B * s.trainer.T);
        }
    }
    const bool failed = w.mb_failed;
    w.mb_fresh = w.mb_failed = false;
    w.mb_steps = 0;
    w.mb_step_ms = 0.0;
    if (failed) {
        cmd_run(s, false);
        s.error = step_error_msg(s.trainer.error, s.trainer);
    }
}

void train_worker_frame(AppState& s) {
    TrainWorker& w = worker(s);
    std::unique_lock<std::mutex> lk(w.mu, std::try_to_lock);
    if (!lk.owns_lock()) return;   // the worker is copying its results out: next frame
    const bool wanted = s.running || s.steps_pending > 0;
    const TrainSyncKey key = train_sync_key(s);
    if (!w.work_ready || key != w.synced) {
        // A command changed the shown state: whatever the worker made from the old one is dropped.
        w.run = false;
        w.allowed = 0;
        w.mb_fresh = w.mb_failed = false;
        w.mb_steps = 0;
        w.mb_step_ms = 0.0;
        if (w.busy) return;    // its step ends soon
        w.work_ready = false;
        if (!wanted) return;   // copy when training starts, not after every edit
        w.work = s.trainer;    // the whole state: weights, moments, data, tokenizer, settings
        w.work_ready = true;
        w.light = light_of(s.trainer);
        w.light_version++;
        w.synced = key;
        w.pushed_pending = 0;
    } else if (w.mb_fresh) {
        hand_over(s, w);
        w.synced = train_sync_key(s);
    }
    const LightSettings l = light_of(s.trainer);
    if (!same(l, w.light)) {
        w.light = l;
        w.light_version++;
    }
    w.run = s.running;
    w.allowed += s.steps_pending - w.pushed_pending;
    w.pushed_pending = s.steps_pending;
    if (!s.running && s.steps_pending == 0) w.allowed = 0;
    lk.unlock();
    w.cv.notify_one();
}

bool train_worker_busy(const AppState& s) {
    if (!s.worker) return false;
    TrainWorker& w = *s.worker;
    std::unique_lock<std::mutex> lk(w.mu, std::try_to_lock);
    if (!lk.owns_lock()) return true;
    return w.busy || w.mb_fresh || w.run || w.allowed > 0;
}

void train_worker_shutdown(AppState& s) { s.worker.reset(); }

} // namespace ga::app
