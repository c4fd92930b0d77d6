// Tokenizers: the char tokenizer (alphabet sorted by code point, strict UTF-8, errors with the
// position) and GPT-2 byte-level BPE against ids produced by the npm gpt-3-encoder (the full
// multilingual comparison is tests/reference/check_bpe.mjs).
#include <catch2/catch.hpp>

#include "io_test_util.h"
#include "tokenizer.h"

using namespace ga;
using namespace iotest;

TEST_CASE("char tokenizer: alphabet sorted by code point, round trip", "[tokenizer]") {
    Tokenizer t;
    REQUIRE(tokenizer_char_from_text("hello, wörld! é\n", &t) == "");
    CHECK(t.kind == TOK_CHAR);
    CHECK(t.vocab_size() == 13);
    REQUIRE(t.chars.size() == 13);
    CHECK(t.chars[0] == "\n");
    CHECK(t.chars[1] == " ");
    CHECK(t.chars[2] == "!");
    CHECK(t.chars[3] == ",");
    CHECK(t.chars[10] == "w");
    CHECK(t.chars[11] == "é");  // U+00E9 before U+00F6
    CHECK(t.chars[12] == "ö");
    std::vector<int> ids;
    REQUIRE(t.encode("wörld é", &ids) == "");
    CHECK(ids.size() == 7);
    CHECK(ids[1] == 12);
    CHECK(t.decode(ids) == "wörld é");
    CHECK(t.decode_one(11) == "é");
    CHECK(t.decode_one(99) == "\xEF\xBF\xBD");
    auto meta = t.metadata();
    CHECK(meta.at("tokenizer") == "char");
    Tokenizer t2;
    REQUIRE(tokenizer_char_from_alphabet(meta.at("alphabet"), &t2) == "");
    CHECK(t2.chars == t.chars);
}

TEST_CASE("char tokenizer: errors name the character and where", "[tokenizer]") {
    Tokenizer t;
    REQUIRE(tokenizer_char_from_text("abc", &t) == "");
    std::vector<int> ids = {42};
    std::string e = t.encode("abzc", &ids);
    CHECK(e == "character 'z' (U+007A) at position 2 is not in the model's alphabet");
    CHECK(ids == std::vector<int>{42});  // untouched
    e = t.encode("ab\tc", &ids);
    CHECK(contains(e, "'\\t' (U+0009) at position 2"));
    e = t.encode("a🙂", &ids);
    CHECK(contains(e, "'🙂' (U+1F642) at position 1"));
    CHECK(contains(t.encode("ab\xc3", &ids), "invalid UTF-8 at byte 2"));
    CHECK(contains(t.encode("\xc0\x80", &ids), "invalid UTF-8 at byte 0"));      // overlong
    CHECK(contains(t.encode("\xed\xa0\x80", &ids), "invalid UTF-8 at byte 0"));  // surrogate
    CHECK(contains(tokenizer_char_from_text("", &t), "empty"));
    CHECK(contains(tokenizer_char_from_text("a\xff", &t), "invalid UTF-8 at byte 1"));
    CHECK(contains(tokenizer_char_from_alphabet("aba", &t), "'a' (U+0061) twice"));
    Tokenizer none;
    CHECK(contains(none.encode("a", &ids), "no alphabet"));
}

namespace {
const Tokenizer& gpt2() {
    static Tokenizer t;
    static std::string err = tokenizer_gpt2_load_default(&t);
    REQUIRE(err == "");
    return t;
}
} // namespace

TEST_CASE("GPT-2 BPE: ids equal the reference encoder's", "[tokenizer][bpe]") {
    const Tokenizer& t = gpt2();
    CHECK(t.kind == TOK_GPT2_BPE);
    CHECK(t.vocab_size() == 50257);
    CHECK(t.metadata().at("tokenizer") == "gpt2-bpe");
    // Expected ids from node_modules/gpt-3-encoder (encode()).
    const std::pair<const char*, std::vector<int>> cases[] = {
        {"Hello world", {15496, 995}},
        {"Hello, world!", {15496, 11, 995, 0}},
        {"I'm here, they're ok's", {40, 1101, 994, 11, 484, 821, 12876, 338}},
        {"  two  spaces\n\n\nnewlines \t tab", {220, 734, 220, 9029, 628, 198, 3605, 6615, 220, 197, 7400}},
        {"café déjà vu 123 4567.89", {66, 1878, 2634, 39073, 73, 24247, 410, 84, 17031, 4153, 3134, 13, 4531}},
        {"🙂 emoji👍🏽", {8582, 25081, 44805, 41840, 235, 8582, 237, 121}},
        {"x   ", {87, 220, 220, 220}},
        {"Ελληνικά и русский 中文字符", {138, 243, 39377, 39377, 138, 115, 26180, 29945, 43000, 138, 105, 12466, 116, 220,
                                           21169, 35072, 21727, 21727, 31583, 18849, 140, 117, 220, 40792, 23877, 229,
                                           27764, 245, 163, 105, 99}},
        {" 's", {705, 82}},
        {"", {}},
    };
    for (auto& c : cases) {
        std::vector<int> ids;
        INFO(c.first);
        REQUIRE(t.encode(c.first, &ids) == "");
        CHECK(ids == c.second);
        CHECK(t.decode(ids) == c.first);  // byte-level BPE is lossless
    }
    // The cache gives the same answer the second time.
    std::vector<int> ids;
    REQUIRE(t.encode("Hello world", &ids) == "");
    CHECK(ids == std::vector<int>{15496, 995});
    CHECK(contains(t.encode("a\xff", &ids), "invalid UTF-8"));
    CHECK(t.decode_one(15496) == "Hello");
    CHECK(t.decode_one(-1) == "\xEF\xBF\xBD");
}

TEST_CASE("GPT-2 BPE: bad vocabulary files are refused", "[tokenizer][bpe]") {
    Tokenizer t;
    CHECK(contains(tokenizer_gpt2_from_files("[]", "#version\na b\n", &t), "encoder.json"));
    CHECK(contains(tokenizer_gpt2_from_files("{\"a\":0,\"b\":0}", "#version\na b\n", &t), "appears twice"));
    CHECK(contains(tokenizer_gpt2_from_files("{\"a\":5}", "#version\na b\n", &t), "not an integer in [0, 1)"));
    CHECK(contains(tokenizer_gpt2_from_files("{\"a\":0}", "#version\na b c\n", &t), "line 2 is not a pair"));
    CHECK(contains(tokenizer_gpt2_from_files("{\"a\":0}", "#version\n", &t), "no merges"));
    // A toy vocabulary: merges apply by rank.
    REQUIRE(tokenizer_gpt2_from_files("{\"a\":0,\"b\":1,\"ab\":2,\"c\":3,\"abc\":4}", "#version: 0.2\na b\nab c\n", &t) == "");
    std::vector<int> ids;
    REQUIRE(t.encode("abcab", &ids) == "");
    CHECK(ids == std::vector<int>{4, 2});
    // the page's way in (no files): bad contents are a reason, and nothing is set
    CHECK(contains(tokenizer_gpt2_set_default("[]", "#version\na b\n"), "encoder.json"));
}

namespace {
// GPT-2's encoder.py merge loop as written there (rescans the word per merge: O(n^2)), the
// reference for the tokenizer's O(n log n) merge.
std::vector<std::string> encoder_py_bpe(std::vector<std::string> word, const std::map<std::pair<std::string, std::string>, int>& ranks) {
    while (word.size() > 1) {
        int best = -1;
        size_t at = 0;
        for (size_t k = 0; k + 1 < word.size(); k++) {
            auto r = ranks.find({word[k], word[k + 1]});
            if (r != ranks.end() && (best < 0 || r->second < best)) { best = r->second; at = k; }
        }
        if (best < 0) break;
        const std::string first = word[at], second = word[at + 1];
        std::vector<std::string> merged;
        for (size_t k = 0; k < word.size();) {
            if (k + 1 < word.size() && word[k] == first && word[k + 1] == second) { merged.push_back(first + second); k += 2; }
            else merged.push_back(word[k++]);
        }
        word = std::move(merged);
    }
    return word;
}
} // namespace

TEST_CASE("GPT-2 BPE: the fast merge equals encoder.py's loop, also on long words without spaces", "[tokenizer][bpe]") {
    // Toy vocabularies whose merges overlap (a a, aa a, a aa, ...) and are ranked against the
    // order they were learned in, on every word of up to 9 letters from {a, b}.
    // The second ranks merges of merged symbols before the merges that make them (a file that
    // was not learned in order): pairs a merge creates can outrank the round in progress.
    const char* enc = "{\"a\":0,\"b\":1,\"aa\":2,\"ab\":3,\"ba\":4,\"aaa\":5,\"aab\":6,\"bab\":7,\"aaaa\":8,\"abab\":9}";
    for (const char* merges : {"#version: 0.2\na a\nb a\naa a\na b\nab ab\naa b\nb ab\na aa\naa aa\n",
                               "#version: 0.2\naa b\nab ab\naa aa\nb ab\na a\naa a\nb a\na b\na aa\n"}) {
        Tokenizer t;
        REQUIRE(tokenizer_gpt2_from_files(enc, merges, &t) == "");
        for (int len = 1; len <= 10; len++) {
            for (int bits = 0; bits < (1 << len); bits++) {
                std::string w;
                for (int k = 0; k < len; k++) w.push_back((bits >> k) & 1 ? 'b' : 'a');
                std::vector<std::string> syms;
                for (char c : w) syms.push_back(std::string(1, c));
                std::vector<int> ids, want;
                REQUIRE(t.encode(w, &ids) == "");
                for (auto& piece : encoder_py_bpe(syms, t.bpe_ranks)) want.push_back(t.bpe_encoder.at(piece));
                INFO(merges << " on " << w);
                CHECK(ids == want);
            }
        }
    }
    // GPT-2's own vocabulary on long random words (base64-like, DNA-like) and with spaces: the
    // same ids as encoder.py's loop; a 100 KB word takes a second here, minutes with the loop.
    const Tokenizer& g = gpt2();
    uint64_t s = 12345;
    auto rnd = [&](uint64_t n) { s = s * 6364136223846793005ULL + 1442695040888963407ULL; return (s >> 33) % n; };
    for (const std::string alphabet : {"abcdefghijklmnopqrstuvwxyz", "ACGT", "abcXYZ019+/=", "ab c\n"}) {
        std::string text;
        for (int k = 0; k < 800; k++) text.push_back(alphabet[rnd(alphabet.size())]);
        std::vector<int> ids;
        REQUIRE(g.encode(text, &ids) == "");
        CHECK(g.decode(ids) == text);
        if (alphabet == "abcdefghijklmnopqrstuvwxyz" || alphabet == "ACGT") {
            // One pre-token of ASCII letters, whose byte-level symbols are the letters themselves.
            std::vector<std::string> syms;
            for (char c : text) syms.push_back(std::string(1, c));
            std::vector<int> want;
            for (auto& piece : encoder_py_bpe(syms, g.bpe_ranks)) want.push_back(g.bpe_encoder.at(piece));
            CHECK(ids == want);
        }
    }
    std::string big;
    for (int k = 0; k < 100000; k++) big.push_back(char('a' + rnd(26)));
    std::vector<int> ids;
    REQUIRE(g.encode(big, &ids) == "");
    CHECK(g.decode(ids) == big);
}
