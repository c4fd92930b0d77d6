// Synthetic tasks: generators, exact answers and exact (greedy-decoding) accuracy. See synthetic.h.
#include "synthetic.h"
#include "quote.h"
#include <algorithm>
#include <unordered_set>

namespace ga {

namespace {

struct TaskSpec {
    const char* name;
    const char* alphabet;   // sorted by code point, '\n' first
    char sep;
    int max_question_len;   // characters before the separator
    int max_answer_len;     // characters after it
};

// addition: "999+999" → "1998"; reversal: 7 letters; sorting: 8 digits
const TaskSpec kTasks[] = {
    {"addition", "\n+0123456789=", '=', 7, 4},
    {"reversal", "\nabcdefghij|", '|', 7, 7},
    {"sorting", "\n0123456789|", '|', 8, 8},
};

const TaskSpec* find_task(const std::string& task) {
    for (const TaskSpec& t : kTasks)
        if (task == t.name) return &t;
    return nullptr;
}

const int kMaxExamples = 200000;

// a whole number of 1..3 digits, each digit count equally likely (else 3-digit numbers dominate)
int random_number(Rng& rng) {
    const int digits = 1 + rng.below(3);
    if (digits == 1) return rng.below(10);
    const int lo = digits == 2 ? 10 : 100;
    return lo + rng.below(9 * lo);
}

std::string random_question(const std::string& task, Rng& rng) {
    std::string q;
    if (task == "addition") {
        const int a = random_number(rng), b = random_number(rng);
        q = std::to_string(a) + "+" + std::to_string(b);
    } else if (task == "reversal") {
        const int n = 1 + rng.below(7);
        for (int i = 0; i < n; i++) q += char('a' + rng.below(10));
    } else {  // sorting
        const int n = 1 + rng.below(8);
        for (int i = 0; i < n; i++) q += char('0' + rng.below(10));
    }
    return q;
}

bool all_in(const std::string& s, char lo, char hi) {
    for (char c : s)
        if (c < lo || c > hi) return false;
    return true;
}

// 1..3 digits, no leading zero (except "0" itself): the only form the generator writes
bool small_number(const std::string& s) {
    return !s.empty() && s.size() <= 3 && all_in(s, '0', '9') && (s.size() == 1 || s[0] != '0');
}

} // namespace

const std::vector<std::string>& synthetic_task_names() {
    static const std::vector<std::string> names = {"addition", "reversal", "sorting"};
    return names;
}

bool synthetic_task_known(const std::string& task) { return find_task(task) != nullptr; }

std::string synthetic_alphabet(const std::string& task) {
    const TaskSpec* t = find_task(task);
    return t ? t->alphabet : "";
}

char synthetic_separator(const std::string& task) {
    const TaskSpec* t = find_task(task);
    return t ? t->sep : 0;
}

int synthetic_max_answer_len(const std::string& task) {
    const TaskSpec* t = find_task(task);
    return t ? t->max_answer_len : 0;
}

std::string synthetic_answer(const std::string& task, const std::string& question) {
    if (task == "addition") {
        const size_t plus = question.find('+');
        if (plus == std::string::npos) return {};
        const std::string a = question.substr(0, plus), b = question.substr(plus + 1);
        if (!small_number(a) || !small_number(b)) return {};
        return std::to_string(std::stoi(a) + std::stoi(b));
    }
    if (task == "reversal") {
        if (question.empty() || question.size() > 7 || !all_in(question, 'a', 'j')) return {};
        return std::string(question.rbegin(), question.rend());
    }
    if (task == "sorting") {
        if (question.empty() || question.size() > 8 || !all_in(question, '0', '9')) return {};
        std::string s = question;
        std::sort(s.begin(), s.end());
        return s;
    }
    return {};
}

std::string synthetic_text(const std::string& task, int n, uint64_t seed) {
    const TaskSpec* t = find_task(task);
    if (!t || n <= 0) return {};
    n = std::min(n, kMaxExamples);
    Rng rng(seed);
    std::unordered_set<std::string> seen;
    std::string text;
    text.reserve(size_t(n) * 12);
    // Redraw duplicates; short questions run out first (there are only 10 one-digit sortings),
    // so the longer ones are a bit more frequent than uniform. The attempt limit only matters
    // for absurd n: it keeps the loop finite and the result deterministic.
    const long long max_attempts = 50LL * n + 1000;
    int count = 0;
    for (long long attempt = 0; attempt < max_attempts && count < n; attempt++) {
        const std::string q = random_question(task, rng);
        if (!seen.insert(q).second) continue;
        text += q;
        text += t->sep;
        text += synthetic_answer(task, q);
        text += '\n';
        count++;
    }
    return text;
}

std::string synthetic_dataset(const std::string& task, int n, uint64_t seed, int T, Tokenizer* tok, Dataset* out) {
    const TaskSpec* t = find_task(task);
    if (!t) return "unknown synthetic task " + quote(task) + " (expected addition, reversal or sorting)";
    if (n <= 0) return "synthetic task " + quote(task) + ": the number of examples must be positive (got " + std::to_string(n) + ")";
    Tokenizer tk;
    std::string err = tokenizer_char_from_alphabet(t->alphabet, &tk);
    if (!err.empty()) return "synthetic task " + quote(task) + ": " + err;
    Dataset d;
    err = dataset_from_text(task, synthetic_text(task, n, seed), tk, T, &d);
    if (!err.empty()) return err;
    d.synthetic = true;
    *tok = std::move(tk);
    *out = std::move(d);
    return {};
}

std::string synthetic_accuracy(GPT* model, const Tokenizer& tok, const std::string& task, const std::vector<int>& split,
                               int max_examples, int max_shown, SyntheticScore* out) {
    const TaskSpec* t = find_task(task);
    if (!t) return "unknown synthetic task " + quote(task) + " (expected addition, reversal or sorting)";
    if (tok.kind != TOK_CHAR) return "synthetic task " + quote(task) + " needs a char tokenizer";
    const GPTConfig& cfg = model->cfg;
    if (model->params.empty()) return "synthetic accuracy: the model has no parameters";
    if (tok.vocab_size() != cfg.vocab_size)
        return "synthetic accuracy: tokenizer has " + std::to_string(tok.vocab_size()) + " tokens, model vocab_size " +
               std::to_string(cfg.vocab_size);
    auto nl_it = tok.char_to_id.find('\n');
    auto sep_it = tok.char_to_id.find((uint32_t)(unsigned char)t->sep);
    if (nl_it == tok.char_to_id.end() || sep_it == tok.char_to_id.end())
        return "synthetic task " + quote(task) + ": the tokenizer has no '\\n' or '" + t->sep + "'";
    const int nl = nl_it->second, sep = sep_it->second;
    const int need = t->max_question_len + 1 + t->max_answer_len + 1;  // a whole example + its '\n'
    if (cfg.n_ctx < need)
        return "synthetic task " + quote(task) + " needs a context of at least " + std::to_string(need) + " tokens (model n_ctx " +
               std::to_string(cfg.n_ctx) + ")";
    for (int id : split)
        if (id < 0 || id >= cfg.vocab_size) return "synthetic accuracy: token id " + std::to_string(id) + " out of range";

    // Rows to score: complete lines (preceded by '\n' inside the split, so never a line the split
    // cut in two) whose question is well formed and whose answer is right.
    struct Row { std::vector<int> ctx, expected; std::string question, answer; };
    std::vector<Row> rows;
    const int L = cfg.n_ctx - t->max_answer_len;  // longest context: leaves room for the answer
    size_t line_start = std::string::npos;
    for (size_t i = 0; i < split.size() && (int)rows.size() < std::max(0, max_examples); i++) {
        if (split[i] != nl) continue;
        if (line_start != std::string::npos) {
            const size_t e = i;  // line = split[line_start, e)
            size_t s_pos = std::string::npos;
            for (size_t k = line_start; k < e; k++)
                if (split[k] == sep) { s_pos = k; break; }
            if (s_pos != std::string::npos) {
                std::string q, ans;
                for (size_t k = line_start; k < s_pos; k++) q += tok.decode_one(split[k]);
                for (size_t k = s_pos + 1; k < e; k++) ans += tok.decode_one(split[k]);
                const std::string truth = synthetic_answer(task, q);
                if (!truth.empty() && truth == ans) {
                    Row r;
                    const size_t from = s_pos + 1 > size_t(L) ? s_pos + 1 - size_t(L) : 0;
                    r.ctx.assign(split.begin() + (long)from, split.begin() + (long)s_pos + 1);
                    r.expected.assign(split.begin() + (long)s_pos + 1, split.begin() + (long)e);
                    r.question = q;
                    r.answer = ans;
                    rows.push_back(std::move(r));
                }
            }
        }
        line_start = i + 1;
    }

    SyntheticScore score;
    const int chunk = 64;
    for (size_t r0 = 0; r0 < rows.size(); r0 += chunk) {
        const int B = (int)std::min(rows.size() - r0, size_t(chunk));
        // one fixed T per chunk: every row fits its context plus its answer; rows shorter than T
        // are padded at the end, which a causal model never looks at
        int T = 1;
        for (int b = 0; b < B; b++) {
            const Row& r = rows[r0 + b];
            T = std::max(T, int(r.ctx.size() + r.expected.size()));
        }
        std::vector<std::vector<int>> gen(B);
        std::vector<char> done(B, 0);
        std::vector<int> inputs((size_t)B * T);
        const int V = cfg.vocab_size;
        for (int step = 0;; step++) {
            bool any = false;
            for (int b = 0; b < B; b++) {
                int* row = inputs.data() + (size_t)b * T;
                const Row& r = rows[r0 + b];
                std::fill(row, row + T, nl);
                std::copy(r.ctx.begin(), r.ctx.end(), row);
                // a finished row may hold one token more than T (its final check); it is not read again
                const size_t fit = std::min(gen[b].size(), size_t(T) - r.ctx.size());
                std::copy(gen[b].begin(), gen[b].begin() + (long)fit, row + r.ctx.size());
                any |= !done[b];
            }
            if (!any) break;
            model->forward(inputs.data(), nullptr, B, T);
            for (int b = 0; b < B; b++) {
                if (done[b]) continue;
                const Row& r = rows[r0 + b];
                const int pos = int(r.ctx.size() + gen[b].size()) - 1;   // last known token
                const float* lg = model->acts.logits.data() + ((size_t)b * T + pos) * V;
                const int next = int(std::max_element(lg, lg + V) - lg);
                gen[b].push_back(next);
                // stop at '\n', or once one token more than the answer is written (it must be '\n'),
                // or when the next token would not fit in T
                if (next == nl || gen[b].size() > r.expected.size() || int(r.ctx.size() + gen[b].size()) >= T + 1)
                    done[b] = 1;
            }
        }
        for (int b = 0; b < B; b++) {
            const Row& r = rows[r0 + b];
            std::vector<int> want = r.expected;
            want.push_back(nl);
            SyntheticExample ex;
            ex.question = r.question;
            ex.expected = r.answer;
            for (int id : gen[b])
                if (id != nl) ex.got += tok.decode_one(id);
                else break;
            ex.correct = gen[b] == want;
            score.total++;
            score.correct += ex.correct;
            if ((int)score.examples.size() < max_shown) score.examples.push_back(std::move(ex));
        }
    }
    *out = std::move(score);
    return {};
}

} // namespace ga
