// Fuzz target for the text-shaped data inputs: pasted text becoming a data set (char tokenizer,
// 90/10 split) and the synthetic tasks' question parser (synthetic_answer). The first byte picks
// the task and the context length; the rest is the text.
//   - errors are one escaped line, the data set untouched;
//   - a data set's splits hold the text's tokens in order, each long enough for one window;
//   - a synthetic answer is well formed for its task (digits of the sum, the reversal, the sort).
#include "data.h"
#include "fuzz_util.h"
#include "synthetic.h"

#include <algorithm>
#include <string>
#include <vector>

void (*ga_fuzz_failure_hook)(const char* what) = nullptr;

using gafuzz::check;
using gafuzz::safe_error;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const auto& tasks = ga::synthetic_task_names();
    const std::string task = (data[0] & 3) == 3 ? std::string(reinterpret_cast<const char*>(data + 1), std::min<size_t>(size - 1, 12))
                                                : tasks[size_t(data[0] & 3) % tasks.size()];
    const int T = 1 + (data[0] >> 2);
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);

    ga::Tokenizer tok;
    if (ga::tokenizer_char_from_text(text.empty() ? "a" : text, &tok).empty()) {
        ga::Dataset d;
        d.name = "untouched";
        const std::string e = ga::dataset_from_text(task, text, tok, T, &d);
        if (!e.empty()) {
            check(safe_error(e) && d.name == "untouched", "data set error is one escaped line, nothing written");
        } else {
            std::vector<int> ids;
            check(tok.encode(text, &ids).empty(), "text encodes");
            std::vector<int> joined = d.train;
            joined.insert(joined.end(), d.val.begin(), d.val.end());
            check(joined == ids, "splits hold the tokens in order");
            check(d.train.size() >= size_t(T) + 1 && d.val.size() >= size_t(T) + 1, "each split holds a window");
        }
    }

    const std::string answer = ga::synthetic_answer(task, text);
    if (!answer.empty()) {
        check(ga::synthetic_task_known(task), "answers only for known tasks");
        if (task == "addition") {
            check(std::all_of(answer.begin(), answer.end(), [](char c) { return c >= '0' && c <= '9'; }), "a sum is digits");
        } else if (task == "reversal") {
            check(std::string(text.rbegin(), text.rend()) == answer, "reversal reverses");
        } else if (task == "sorting") {
            std::string s = text;
            std::sort(s.begin(), s.end());
            check(s == answer, "sorting sorts");
        }
    }
    ga::Tokenizer st;
    ga::Dataset sd;
    const std::string se = ga::synthetic_dataset(task, 50, data[0], T, &st, &sd);
    if (!se.empty()) check(safe_error(se), "synthetic data set error is one escaped line");
    return 0;
}
