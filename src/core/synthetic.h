// Synthetic tasks generated in code, whose accuracy can be measured exactly:
//   addition  "123+45=168\n"   whole numbers of 1..3 digits (no leading zeros)
//   reversal  "abc|cba\n"      1..7 letters from a..j, then the same letters reversed
//   sorting   "3141|1134\n"    1..8 digits, then the same digits in increasing order
// One example per line: a question, a separator ('=' or '|'), the answer, '\n'. The text of n
// examples has no example twice, so any split by lines gives a validation set that the model
// never saw in training (the 90/10 split of dataset_from_text cuts at most one line, which the
// accuracy function skips).
#pragma once
#include "data.h"
#include "model.h"
#include <cstdint>
#include <string>
#include <vector>

namespace ga {

// "addition", "reversal", "sorting" (the order the UI lists them in).
const std::vector<std::string>& synthetic_task_names();
bool synthetic_task_known(const std::string& task);
// The task's characters, sorted by code point (what tokenizer_char_from_text gives for its text).
// "" for an unknown task.
std::string synthetic_alphabet(const std::string& task);
char synthetic_separator(const std::string& task);   // '=' or '|', 0 for an unknown task
int synthetic_max_answer_len(const std::string& task); // in characters, 0 for an unknown task

// n distinct examples, one per line; deterministic in (task, n, seed) on every platform.
// "" for an unknown task or n <= 0. n is clamped to 200000 (the number of distinct examples is
// large but finite: addition has ~1.1M, the short lengths of the others saturate first).
std::string synthetic_text(const std::string& task, int n, uint64_t seed);

// The exact answer to a question (the part before the separator), or "" if the question is not
// well formed for the task ("12a" for addition, "" for any task, letters outside a..j, ...).
std::string synthetic_answer(const std::string& task, const std::string& question);

// A ready data set: char tokenizer over the task's alphabet, synthetic_text(task, n, seed) split
// 90/10 by dataset_from_text, Dataset::synthetic = true, name = task. "" or reason.
std::string synthetic_dataset(const std::string& task, int n, uint64_t seed, int T, Tokenizer* tok, Dataset* out);

struct SyntheticExample {
    std::string question;   // "123+45"
    std::string expected;   // "168"
    std::string got;        // what greedy decoding produced before '\n' (or the length limit)
    bool correct = false;   // got == expected and the model then wrote '\n'
};

struct SyntheticScore {
    int correct = 0, total = 0;
    float accuracy() const { return total ? float(correct) / float(total) : 0.0f; }
    std::vector<SyntheticExample> examples;   // the first max_shown examples, for the UI
};

// Exact accuracy of a GPT on the examples of a token split (d.train or d.val of a synthetic data
// set, tokenized with tok): for each complete, well-formed line, the context is the text that
// precedes the answer in the split (as much as fits in n_ctx, like a training window), the model
// decodes greedily, and the example counts as correct only if it writes exactly the answer and
// then '\n'. At most max_examples lines (from the start of the split) are scored, B at a time.
// The model's activations are overwritten; its parameters are not touched. "" or reason.
std::string synthetic_accuracy(GPT* model, const Tokenizer& tok, const std::string& task, const std::vector<int>& split,
                               int max_examples, int max_shown, SyntheticScore* out);

} // namespace ga
