// The training thread (src/app/train_worker.h): the same steps as time-sliced training, bit for
// bit; a command given while the thread trains is never overwritten by the thread's results; the
// light settings reach the next step; a refused step stops training with the model intact.
// No ImGui frame is needed: app_train_slice is what a frame runs first.
#include <catch2/catch.hpp>

#include "app.h"
#include "threads.h"
#include "train_worker.h"

#include <chrono>
#include <thread>

using namespace ga;
using namespace ga::app;

namespace {

void start(AppState& s, bool threaded) {
    set_lang(LANG_EN);
    app_init(s);   // the random model on the synthetic addition task
    s.train_thread = threaded;
    REQUIRE(s.error.empty());
}

bool idle(const AppState& s) { return !s.running && s.steps_pending == 0 && !train_worker_busy(s); }

// Frames until nothing trains any more (and the last results are handed over).
void settle(AppState& s) {
    for (int i = 0; i < 20000 && !idle(s); i++) {
        app_train_slice(s, 5.0);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    app_train_slice(s, 5.0);
    REQUIRE(idle(s));
}

// Frames for about `ms` milliseconds, as a page does while the user watches.
void frames_for(AppState& s, int ms) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < end) {
        app_train_slice(s, 5.0);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

// Until the shown model has taken at least n steps.
void frames_until_step(AppState& s, int n) {
    for (int i = 0; i < 20000 && s.trainer.step < n; i++) {
        app_train_slice(s, 5.0);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    REQUIRE(s.trainer.step >= n);
}

void same_state(const Trainer& a, const Trainer& b) {
    CHECK(a.step == b.step);
    CHECK(a.model.params == b.model.params);
    CHECK(a.model.grads == b.model.grads);
    CHECK(a.opt.m == b.opt.m);
    CHECK(a.opt.v == b.opt.v);
    CHECK(a.opt.t == b.opt.t);
    CHECK(a.rng.s == b.rng.s);
    REQUIRE(a.history.size() == b.history.size());
    for (size_t i = 0; i < a.history.size(); i++) {
        CHECK(a.history[i].train == b.history[i].train);
        CHECK(a.history[i].val == b.history[i].val);
    }
}

} // namespace

TEST_CASE("steps on the training thread equal time-sliced steps, bit for bit", "[app][threads]") {
    // with the core's pool too (2 threads): the page's training thread splits its kernels over it
    const int pool = GENERATE(1, 2);
    threads_set(pool);
    AppState sliced, threaded;
    start(sliced, false);
    start(threaded, true);
    REQUIRE(train_worker_used(threaded));
    REQUIRE_FALSE(train_worker_used(sliced));
    REQUIRE(cmd_step(sliced, 37) == "");
    REQUIRE(cmd_step(threaded, 37) == "");
    settle(sliced);
    settle(threaded);
    CHECK(threaded.trainer.step == 37);   // exactly the steps asked for
    same_state(sliced.trainer, threaded.trainer);
    CHECK(threaded.steps_per_s == 0.0f);  // nothing trains: no stale speed
    threads_set(1);
}

TEST_CASE("Run on the thread, then pause: the shown model is where the thread stopped", "[app][threads]") {
    AppState s;
    start(s, true);
    REQUIRE(cmd_run(s, true) == "");
    frames_until_step(s, 5);
    CHECK(s.steps_per_s > 0.0f);
    CHECK(s.tokens_per_s > 0.0f);
    cmd_run(s, false);
    settle(s);
    const int at = s.trainer.step;
    const std::vector<float> w = s.trainer.model.params;
    frames_for(s, 50);
    CHECK(s.trainer.step == at);            // paused means paused
    CHECK(s.trainer.model.params == w);
    // and those steps are the ones time-slicing takes
    AppState ref;
    start(ref, false);
    REQUIRE(cmd_step(ref, at) == "");
    settle(ref);
    same_state(ref.trainer, s.trainer);
}

TEST_CASE("a command given while the thread trains is never overwritten by its results", "[app][threads]") {
    SECTION("re-initialising (it pauses) keeps the new random weights") {
        AppState s;
        start(s, true);
        REQUIRE(cmd_run(s, true) == "");
        frames_until_step(s, 3);
        REQUIRE(cmd_reinit(s, 7) == "");
        CHECK_FALSE(s.running);
        settle(s);
        frames_for(s, 30);
        AppState ref;
        start(ref, false);
        REQUIRE(cmd_reinit(ref, 7) == "");
        CHECK(s.trainer.step == 0);
        CHECK(s.trainer.model.params == ref.trainer.model.params);
    }
    SECTION("a new seed while running: training goes on from the shown state with the new batches") {
        AppState s;
        start(s, true);
        REQUIRE(cmd_run(s, true) == "");
        frames_until_step(s, 3);
        REQUIRE(cmd_set(s, SET_SEED, 99) == "");
        const Trainer at_seed = s.trainer;    // what the user saw when the seed changed
        frames_until_step(s, at_seed.step + 4);
        cmd_run(s, false);
        settle(s);
        Trainer ref = at_seed;                // the same steps, taken one after the other here
        while (ref.step < s.trainer.step) REQUIRE(ref.train_step());
        same_state(ref, s.trainer);
    }
}

TEST_CASE("η changed while the thread trains applies from the next step", "[app][threads]") {
    AppState s;
    start(s, true);
    REQUIRE(cmd_run(s, true) == "");
    frames_until_step(s, 2);
    REQUIRE(cmd_set(s, SET_LR, 2.5e-3) == "");
    const int at = s.trainer.step;
    frames_until_step(s, at + 3);
    cmd_run(s, false);
    settle(s);
    CHECK(s.trainer.opt.last_cfg.lr == 2.5e-3f);
    CHECK(s.trainer.opt.cfg.lr == 2.5e-3f);
}

TEST_CASE("a step the thread refuses stops training and leaves the model as it was", "[app][threads]") {
    AppState s;
    start(s, true);
    REQUIRE(cmd_set(s, SET_LR, 10.0) == "");
    const std::vector<float> w = s.trainer.model.params;
    REQUIRE(cmd_step(s, 20) == "");
    settle(s);
    CHECK(s.trainer.step == 0);
    CHECK(s.trainer.model.params == w);
    CHECK(s.trainer.error.code == STEP_UPDATE_TOO_LARGE);
    CHECK(s.error.text().find("The weights were not changed") != std::string::npos);
    CHECK_FALSE(s.running);
    CHECK(s.steps_pending == 0);
}
