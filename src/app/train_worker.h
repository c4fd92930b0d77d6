// Training on a thread of its own (the threaded page): the main thread only draws.
//
// Three copies of the training state, each with one owner:
//   AppState::trainer  what the app shows and what every command changes: main thread only;
//   work               the copy the worker steps: the worker's alone while it runs;
//   mailbox            the worker's latest results (copy_step_state), handed over under a mutex.
// Once per frame the main thread (train_worker_frame):
//   1. if a command changed the shown state in a way a step does not (a load, a data set, an
//      edit or a knock-out, a new seed, another optimizer: train_sync_key differs from the last
//      sync), stops the worker and, once its step is over, copies the shown state into `work`.
//      The results of steps taken from the old state are dropped, as if the command had come
//      between two steps;
//   2. else takes the mailbox's results when the worker published new ones (at most every
//      kPublishMs), with the bookkeeping of a step: the queue, the speed, a refused step's error;
//   3. hands over the light settings (η, batch, context, ...) and how many steps may still run.
// The main thread never waits for a step: it takes the mutex with try_lock (the worker holds it
// only to copy its results) and skips a frame's hand-over rather than wait.
// Without threads (the single-thread page), or for a model whose two extra copies would not fit
// (kMaxWorkerParams), app_train_slice time-slices steps into the frames as before.
#pragma once
#include <cstdint>

namespace ga::app {

struct AppState;

constexpr double kPublishMs = 40.0;          // the worker hands its results over at most 25 times a second
constexpr long kMaxWorkerParams = 12000000;  // bigger models train time-sliced (no room for two more copies)

// True when the worker trains this model: s.train_thread is on and the model is small enough.
bool train_worker_used(const AppState& s);
// Main thread, once per frame instead of app_train_slice's loop. Starts the thread on first use.
void train_worker_frame(AppState& s);
// True while the worker holds steps that the shown state has not received yet (a step running or
// results not yet handed over): the Training panel's "running" look, and tests wait on it.
bool train_worker_busy(const AppState& s);
// Stops the thread (joins it). Called by AppState's owner at exit and by tests.
void train_worker_shutdown(AppState& s);

// What only a command changes (never a step): when it differs from the last hand-over, the worker
// starts again from the shown state.
struct TrainSyncKey {
    uint64_t weights = 0, epoch = 0, rng = 0;
    const void* data = nullptr;
    uint64_t data_size = 0, val_size = 0, m_size = 0;
    int step = 0, opt_t = 0, opt_kind = 0, vocab = 0;
    bool operator==(const TrainSyncKey& o) const;
    bool operator!=(const TrainSyncKey& o) const { return !(*this == o); }
};
TrainSyncKey train_sync_key(const AppState& s);

} // namespace ga::app
