// Data sets: synthetic tasks (generators, exact answers, exact accuracy), train/validation splits,
// and the files converted from Debian packages by scripts/make_data.py (cmake/data.cmake).
#include <catch2/catch.hpp>

#include "data.h"
#include "json.h"
#include "safetensors.h"
#include "synthetic.h"

#include <cmath>
#include <set>
#include <sstream>

using namespace ga;

namespace {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::string cur;
    for (char c : text) {
        if (c == '\n') { lines.push_back(cur); cur.clear(); }
        else cur += c;
    }
    if (!cur.empty()) lines.push_back(cur);
    return lines;
}

// A GPT whose prediction depends only on the position: block weights and biases are zero (each
// block adds nothing to the residual stream), wpe[p] = K·w_{next[p]} dominates wte[tok] = w_tok,
// and the w_v are orthogonal and zero-mean, so after ln_f the logit of v is largest for
// v = next[p]. It answers a question correctly exactly when next[] spells the answer at the
// right positions: a model whose output we know by construction, to check the accuracy rules.
void make_position_model(GPT* m, const Tokenizer& tok, const std::string& next_chars, int n_ctx) {
    GPTConfig c;
    c.n_layer = 1;
    c.n_head = 1;
    c.vocab_size = tok.vocab_size();
    c.n_embd = 2 * c.vocab_size;
    c.n_ctx = n_ctx;
    REQUIRE(m->init(c) == "");
    std::fill(m->params.begin(), m->params.end(), 0.0f);
    const int V = c.vocab_size, C = c.n_embd;
    auto w = [&](float* dst, int v, float k) { dst[v] += k; dst[V + v] -= k; };  // k·(e_v − e_{V+v})
    float* wte = m->param(*m->find("wte.weight"));
    for (int v = 0; v < V; v++) w(wte + (size_t)v * C, v, 1.0f);
    float* wpe = m->param(*m->find("wpe.weight"));
    std::vector<int> ids;
    REQUIRE(tok.encode(next_chars, &ids) == "");
    for (int p = 0; p < n_ctx; p++) w(wpe + (size_t)p * C, p < (int)ids.size() ? ids[p] : ids.back(), 100.0f);
    for (const char* g : {"h.0.ln_1.weight", "h.0.ln_2.weight", "ln_f.weight"}) {
        const ParamTensor* t = m->find(g);
        REQUIRE(t != nullptr);
        std::fill(m->param(*t), m->param(*t) + t->numel, 1.0f);
    }
}

std::vector<int> encode(const Tokenizer& tok, const std::string& s) {
    std::vector<int> ids;
    REQUIRE(tok.encode(s, &ids) == "");
    return ids;
}

} // namespace

TEST_CASE("synthetic tasks: exact answers", "[data][synthetic]") {
    CHECK(synthetic_answer("addition", "123+45") == "168");
    CHECK(synthetic_answer("addition", "999+999") == "1998");
    CHECK(synthetic_answer("addition", "0+0") == "0");
    CHECK(synthetic_answer("addition", "7+30") == "37");
    CHECK(synthetic_answer("addition", "01+2") == "");     // leading zero: never generated
    CHECK(synthetic_answer("addition", "1000+1") == "");   // 4 digits
    CHECK(synthetic_answer("addition", "12+") == "");
    CHECK(synthetic_answer("addition", "+12") == "");
    CHECK(synthetic_answer("addition", "1+2+3") == "");
    CHECK(synthetic_answer("reversal", "abc") == "cba");
    CHECK(synthetic_answer("reversal", "j") == "j");
    CHECK(synthetic_answer("reversal", "abk") == "");      // k is outside a..j
    CHECK(synthetic_answer("reversal", "abcdefgh") == ""); // 8 letters
    CHECK(synthetic_answer("reversal", "") == "");
    CHECK(synthetic_answer("sorting", "3141") == "1134");
    CHECK(synthetic_answer("sorting", "90817263") == "01236789");
    CHECK(synthetic_answer("sorting", "31a") == "");
    CHECK(synthetic_answer("multiplication", "2*3") == "");
    CHECK(synthetic_separator("addition") == '=');
    CHECK(synthetic_separator("reversal") == '|');
    CHECK(synthetic_separator("sorting") == '|');
    CHECK(synthetic_separator("nope") == 0);
    CHECK(synthetic_task_names() == std::vector<std::string>{"addition", "reversal", "sorting"});
}

TEST_CASE("synthetic tasks: deterministic, well formed, distinct examples", "[data][synthetic]") {
    for (const std::string& task : synthetic_task_names()) {
        INFO(task);
        const std::string a = synthetic_text(task, 3000, 42);
        CHECK(a == synthetic_text(task, 3000, 42));
        CHECK(a != synthetic_text(task, 3000, 43));
        // the first examples of a longer text are the same examples (a prefix)
        CHECK(synthetic_text(task, 4000, 42).compare(0, a.size(), a) == 0);
        const std::vector<std::string> lines = split_lines(a);
        REQUIRE(lines.size() == 3000);
        CHECK(a.back() == '\n');
        std::set<std::string> questions;
        std::set<size_t> lengths;
        const char sep = synthetic_separator(task);
        for (const std::string& l : lines) {
            const size_t s = l.find(sep);
            REQUIRE(s != std::string::npos);
            const std::string q = l.substr(0, s), ans = l.substr(s + 1);
            REQUIRE(synthetic_answer(task, q) == ans);
            CHECK((int)ans.size() <= synthetic_max_answer_len(task));
            CHECK(questions.insert(q).second);  // no example twice
            lengths.insert(q.size());
        }
        CHECK(lengths.size() >= 3);  // short and long questions both appear
        // the alphabet is exactly the characters the text uses, sorted (as tokenizer_char_from_text)
        Tokenizer from_text;
        REQUIRE(tokenizer_char_from_text(a, &from_text) == "");
        std::string joined;
        for (auto& ch : from_text.chars) joined += ch;
        CHECK(joined == synthetic_alphabet(task));
    }
    CHECK(synthetic_text("addition", 0, 1) == "");
    CHECK(synthetic_text("nope", 10, 1) == "");
    CHECK(synthetic_alphabet("nope") == "");
}

TEST_CASE("synthetic data set: 90/10 split of distinct examples", "[data][synthetic]") {
    Tokenizer tok;
    Dataset d;
    REQUIRE(synthetic_dataset("addition", 2000, 7, 32, &tok, &d) == "");
    CHECK(d.synthetic);
    CHECK(d.name == "addition");
    CHECK(tok.vocab_size() == 13);
    const std::string text = synthetic_text("addition", 2000, 7);
    std::vector<int> all = encode(tok, text);
    REQUIRE(d.train.size() + d.val.size() == all.size());
    CHECK(d.val.size() == all.size() / 10);
    CHECK(std::equal(d.train.begin(), d.train.end(), all.begin()));
    CHECK(std::equal(d.val.begin(), d.val.end(), all.begin() + (long)d.train.size()));
    // validation questions never occur in the training split
    std::set<std::string> train_q, val_q;
    for (auto& l : split_lines(tok.decode(d.train))) train_q.insert(l.substr(0, l.find('=')));
    auto vl = split_lines(tok.decode(d.val));
    for (size_t i = 1; i < vl.size(); i++) CHECK(train_q.count(vl[i].substr(0, vl[i].find('='))) == 0);

    std::string err = synthetic_dataset("nope", 100, 1, 32, &tok, &d);
    CHECK(err.find("unknown synthetic task 'nope'") != std::string::npos);
    err = synthetic_dataset("sorting", 3, 1, 32, &tok, &d);  // far too short for T = 32
    CHECK(err.find("too short") != std::string::npos);
}

TEST_CASE("synthetic accuracy: exact rules on a model with known outputs", "[data][synthetic]") {
    Tokenizer tok;
    REQUIRE(tokenizer_char_from_alphabet(synthetic_alphabet("sorting"), &tok) == "");
    GPT m;
    // split "\n21|12\n": the context is "\n21|" (positions 0..3); the logits at position p
    // predict next[p], so the model writes next[3], next[4], next[5] = "12\n".
    //                        position: 012345
    make_position_model(&m, tok, "00012\n", 20);
    SyntheticScore sc;
    REQUIRE(synthetic_accuracy(&m, tok, "sorting", encode(tok, "\n21|12\n"), 100, 10, &sc) == "");
    CHECK(sc.total == 1);
    CHECK(sc.correct == 1);
    REQUIRE(sc.examples.size() == 1);
    CHECK(sc.examples[0].question == "21");
    CHECK(sc.examples[0].expected == "12");
    CHECK(sc.examples[0].got == "12");
    CHECK(sc.examples[0].correct);
    // same outputs, another question: right characters count only for the right answer
    REQUIRE(synthetic_accuracy(&m, tok, "sorting", encode(tok, "\n11|11\n"), 100, 10, &sc) == "");
    CHECK(sc.total == 1);
    CHECK(sc.correct == 0);
    CHECK(sc.examples[0].got == "12");
    // the answer must be followed by '\n': "1" is a prefix of what the model writes ("12")
    REQUIRE(synthetic_accuracy(&m, tok, "sorting", encode(tok, "\n21|1\n"), 100, 10, &sc) == "");
    CHECK(sc.total == 0);  // "21|1" is a wrong line in the data: not an example, not scored
    REQUIRE(synthetic_accuracy(&m, tok, "sorting", encode(tok, "\n01|01\n"), 100, 10, &sc) == "");
    CHECK(sc.total == 1);
    CHECK(sc.correct == 0);
    // a longer answer: after "12" the model writes '\n' where '3' was expected
    REQUIRE(synthetic_accuracy(&m, tok, "sorting", encode(tok, "\n321|123\n"), 100, 10, &sc) == "");
    CHECK(sc.correct == 0);
    CHECK(sc.examples[0].got == "2");  // the context is one token longer: next[4], next[5] = "2\n"

    // several lines: the first line of a split (maybe cut by the split) and an unterminated
    // last line are not scored; max_examples and max_shown limit the work and the list
    const std::vector<int> split = encode(tok, "1|1\n21|12\n" "5|5\n" "9|9");
    REQUIRE(synthetic_accuracy(&m, tok, "sorting", split, 100, 1, &sc) == "");
    CHECK(sc.total == 2);   // "21|12" and "5|5"
    CHECK(sc.examples.size() == 1);
    REQUIRE(synthetic_accuracy(&m, tok, "sorting", split, 1, 10, &sc) == "");
    CHECK(sc.total == 1);
}

TEST_CASE("synthetic accuracy: a model that never stops is never right", "[data][synthetic]") {
    Tokenizer tok;
    REQUIRE(tokenizer_char_from_alphabet(synthetic_alphabet("sorting"), &tok) == "");
    GPT m;
    make_position_model(&m, tok, "1111111111111111111", 20);  // always writes '1'
    SyntheticScore sc;
    REQUIRE(synthetic_accuracy(&m, tok, "sorting", encode(tok, "\n11|11\n\n1|1\n"), 100, 10, &sc) == "");
    REQUIRE(sc.total == 2);
    CHECK(sc.correct == 0);
    CHECK(sc.examples[0].got == "111");  // answer length + 1 tokens, then decoding stops
    CHECK(sc.examples[1].got == "11");
}

TEST_CASE("synthetic accuracy: bad inputs are reasons, not crashes", "[data][synthetic]") {
    Tokenizer tok;
    REQUIRE(tokenizer_char_from_alphabet(synthetic_alphabet("sorting"), &tok) == "");
    GPT m;
    make_position_model(&m, tok, "0", 12);
    SyntheticScore sc;
    std::string err = synthetic_accuracy(&m, tok, "sorting", encode(tok, "\n1|1\n"), 10, 10, &sc);
    CHECK(err.find("at least 18") != std::string::npos);  // 8 + 1 + 8 + 1 tokens
    GPT m2;
    make_position_model(&m2, tok, "0", 20);
    CHECK(synthetic_accuracy(&m2, tok, "nope", {}, 10, 10, &sc).find("unknown synthetic task") != std::string::npos);
    CHECK(synthetic_accuracy(&m2, tok, "sorting", {0, 99, 0}, 10, 10, &sc).find("out of range") != std::string::npos);
    Tokenizer other;
    REQUIRE(tokenizer_char_from_alphabet("\nab", &other) == "");
    CHECK(synthetic_accuracy(&m2, other, "sorting", {}, 10, 10, &sc).find("tokenizer") != std::string::npos);
}

// ---- the files converted from Debian packages at build time ----------------------------------
#ifdef GA_DATA_DIR
namespace {
std::string read_text(const std::string& name) {
    std::vector<uint8_t> bytes;
    const std::string path = std::string(GA_DATA_DIR) + "/" + name;
    INFO(path << " (built by the ga_data target: scripts/make_data.py)");
    REQUIRE(read_file(path, &bytes) == "");
    return std::string(bytes.begin(), bytes.end());
}
} // namespace

TEST_CASE("data files: word lists and KJV Genesis as documented in index.json", "[data][files]") {
    JsonValue idx;
    const std::string index = read_text("index.json");
    REQUIRE(json_parse(index.data(), index.size(), &idx) == "");
    const JsonValue* sets = idx.get("datasets");
    REQUIRE(sets != nullptr);
    REQUIRE(sets->type == JSON_ARRAY);
    std::set<std::string> names;
    for (const JsonValue& s : sets->items) {
        REQUIRE(s.get("name") != nullptr);
        names.insert(s.get("name")->text);
        for (const char* k : {"description_en", "description_fr", "licence", "kind", "tokenizer"}) {
            INFO(s.get("name")->text << " " << k);
            REQUIRE(s.get(k) != nullptr);
            CHECK(!s.get(k)->text.empty());
        }
        if (s.get("kind")->text == "synthetic") {
            CHECK(synthetic_task_known(s.get("name")->text));
            continue;
        }
        const std::string text = read_text(s.get("file")->text);
        uint64_t bytes = 0, lines = 0;
        REQUIRE(s.get("bytes")->as_u64(&bytes));
        REQUIRE(s.get("lines")->as_u64(&lines));
        CHECK(bytes == text.size());
        CHECK(lines == (uint64_t)std::count(text.begin(), text.end(), '\n'));
        // every file makes a char data set for the shipped context lengths
        Tokenizer tok;
        REQUIRE(tokenizer_char_from_text(text, &tok) == "");
        Dataset d;
        REQUIRE(dataset_from_text(s.get("name")->text, text, tok, 64, &d) == "");
        CHECK(d.val.size() > 10000);
    }
    CHECK(names == std::set<std::string>{"kjv-genesis", "words-fr", "words-en", "addition", "reversal", "sorting"});

    for (const char* f : {"words-fr.txt", "words-en.txt"}) {
        INFO(f);
        const std::string text = read_text(f);
        const std::vector<std::string> words = split_lines(text);
        CHECK(words.size() == 40000);
        CHECK(std::set<std::string>(words.begin(), words.end()).size() == words.size());
        Tokenizer tok;
        REQUIRE(tokenizer_char_from_text(text, &tok) == "");
        CHECK(tok.vocab_size() <= 40);  // letters + '\n': a small alphabet (wte stays readable)
        for (auto& ch : tok.chars) {
            if (ch == "\n") continue;
            const bool lower_ascii = ch.size() == 1 && ch[0] >= 'a' && ch[0] <= 'z';
            CHECK((lower_ascii || ch.size() == 2));  // French accented letters are 2-byte UTF-8
        }
    }
    // the word lists' compact forms (what the page downloads) give the very same texts
    for (const JsonValue& s : sets->items) {
        if (!s.get("packed")) continue;
        INFO(s.get("packed")->text);
        std::string text;
        REQUIRE(words_unpack(read_text(s.get("packed")->text), &text) == "");
        CHECK(text == read_text(s.get("file")->text));
    }
    CHECK(idx.get("datasets")->items.size() >= 2);
    const std::string kjv = read_text("kjv-genesis.txt");
    const std::string first = "In the beginning God created the heaven and the earth.\n";
    CHECK(kjv.compare(0, first.size(), first) == 0);
    CHECK(std::count(kjv.begin(), kjv.end(), '\n') == 1533);  // the verses of Genesis
    CHECK(kjv.find_first_of("0123456789") == std::string::npos);  // verse numbers removed
}
#endif

TEST_CASE("a compact word list: the shuffle replayed, bad input a reason", "[data]") {
    // sorted {bar, baz, foo} out of a list of 5, shuffled with seed 7 (scripts/make_data.py's
    // pack_words on the words kept): the text is the kept words in shuffle order
    std::string text;
    const std::string ok = "ga-words 1 5 7 3\n0bar\n2z\n0foo\n";
    REQUIRE(words_unpack(ok, &text) == "");
    CHECK(text == "foo\nbar\nbaz\n");   // what make_data.py's unpack_words gives
    // prefixes count characters, not bytes: "é" and "è" share no character (but a byte)
    REQUIRE(words_unpack("ga-words 1 3 1 3\n0abè\n2é\n3a\n", &text) == "");
    const std::vector<std::string> w = split_lines(text);
    CHECK(std::set<std::string>(w.begin(), w.end()) == std::set<std::string>{"abè", "abé", "abéa"});
    std::string same;
    REQUIRE(words_unpack(ok, &same) == "");
    CHECK(same == "foo\nbar\nbaz\n");   // the same every time
    for (const char* bad : {"", "ga-words 1\n", "ga-words 2 5 7 3\n0bar\n2z\n0foo\n", "ga-words 1 5 7\n0a\n",
                            "ga-words 1 2 7 3\n0bar\n2z\n0foo\n", "ga-words 1 5 7 0\n", "ga-words 1 99999999 7 3\n0a\n1b\n1c\n",
                            "ga-words 1 5 7 3\n0bar\n2z\n", "ga-words 1 5 7 3\n0bar\n2z\n0foo\n0zz\n",
                            "ga-words 1 5 7 3\n0bar\n9z\n0foo\n", "ga-words 1 5 7 3\n0foo\n0bar\n0zz\n",
                            "ga-words 1 5 7 3\nbar\n2z\n0foo\n", "ga-words 1 5 7 3\n0bar\n3\n0foo\n",
                            "ga-words 1 18446744073709551616 7 3\n0a\n"}) {
        INFO(bad);
        std::string t = "kept";
        CHECK(words_unpack(bad, &t) != "");
        CHECK(t == "kept");
    }
}

TEST_CASE("a text that cannot be a data set says why with a code (for front-ends in other languages)", "[data]") {
    Tokenizer tok;
    REQUIRE(tokenizer_char_from_text("abc\n", &tok) == "");
    Dataset d;
    DataError e;
    CHECK_FALSE(dataset_from_text("short", "abcabc", tok, 8, &d, &e).empty());
    CHECK(e.code == DATA_TOO_SHORT);
    CHECK(e.tokens == 6);
    CHECK(e.need == 9);
    CHECK_FALSE(dataset_from_text("odd", "ab\xc3\xa9" "c", tok, 1, &d, &e).empty());
    CHECK(e.code == DATA_ENCODE);
    CHECK(e.encode.code == ENCODE_UNKNOWN_CHAR);
    CHECK(e.encode.position == 2);
    CHECK(e.encode.character == "'\xc3\xa9' (U+00E9)");
    CHECK_FALSE(dataset_from_text("bytes", "abc\xff", tok, 1, &d, &e).empty());
    CHECK(e.encode.code == ENCODE_NOT_UTF8);
    CHECK(e.encode.position == 3);
    CHECK_FALSE(dataset_from_text("ctx", "abc", tok, 0, &d, &e).empty());
    CHECK(e.code == DATA_BAD_CONTEXT);
    REQUIRE(dataset_from_text("ok", std::string(200, 'a'), tok, 4, &d, &e) == "");
    CHECK(e.code == DATA_OK);
    CHECK(d.train.size() + d.val.size() == 200);
}
