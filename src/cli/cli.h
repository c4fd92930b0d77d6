// gpt-anatomy command-line tool: one file per subcommand, sharing these helpers.
#pragma once
#include "quote.h"
#include <string>
#include <vector>

namespace ga::cli {

// --key value / --flag parsing. Unknown options are errors (reported by the subcommand).
struct Args {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> options;  // "--lr" → "0.1"; flags → ""
    bool has(const std::string& key) const;
    std::string get(const std::string& key, const std::string& def = "") const;
    // Numeric getters: on a malformed number they print "error: --lr: 'abc' is not a number" and exit(2).
    double get_num(const std::string& key, double def) const;
    long long get_int(const std::string& key, long long def) const;
    // Returns "" or "unknown option --x" if any option is not in allowed.
    std::string check_allowed(const std::vector<std::string>& allowed) const;
};
Args parse_args(int argc, char** argv, int first);  // argv[first..]

// Prints "gpt-anatomy <cmd>: <msg>" to stderr and returns 1 (use as `return fail("...")`).
int fail(const std::string& cmd, const std::string& msg);

int cmd_grad(const Args& a);      // gradients + one optimizer step, for outside checks
int cmd_train(const Args& a);
int cmd_generate(const Args& a);
int cmd_params(const Args& a);    // parameter anatomy of a preset
int cmd_inspect(const Args& a);   // a checkpoint's tensors and counts
int cmd_tokenize(const Args& a);
int cmd_bench(const Args& a);

} // namespace ga::cli
