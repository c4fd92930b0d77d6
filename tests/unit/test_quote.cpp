// Untrusted text in messages: quote() escapes and cuts, and every reader of outside bytes or text
// (safetensors, checkpoints, batches, JSON, tokenizers, data sets, synthetic tasks, files) quotes
// through it, so a name holding a newline, a CR, a NUL, invalid UTF-8 or 10 KB still gives a
// short message on one line.
#include <catch2/catch.hpp>

#include "checkpoint.h"
#include "data.h"
#include "io_test_util.h"
#include "json.h"
#include "quote.h"
#include "synthetic.h"
#include "tokenizer.h"

using namespace ga;
using namespace iotest;

namespace {

// The hostile names every reader is tried with.
struct Nasty { const char* what; std::string text; };
std::vector<Nasty> nasty_names() {
    return {
        {"newline", "n_h\nead"},
        {"CR", "evil\rOK"},
        {"NUL", std::string("a\0b", 3)},
        {"invalid UTF-8", "bad\xff\xfe" "name\xc3"},
        {"10 KB", std::string(10240, 'x')},
        {"bidi override", "abc\xE2\x80\xAE" "fed"},
        {"ANSI escape", "\x1b[2Jcleared"},
    };
}

// One line, short, valid UTF-8, nothing that hides text.
void check_safe(const std::string& msg, const char* what) {
    INFO(what << ": " << msg.substr(0, 300));
    CHECK(message_is_safe(msg, 600));
}

} // namespace

TEST_CASE("quote: control characters, quotes and backslashes are escaped", "[quote]") {
    CHECK(quote("h.0.ln_1.weight") == "'h.0.ln_1.weight'");
    CHECK(quote("n_h\nead") == "'n_h\\nead'");
    CHECK(quote("a\r\tb") == "'a\\r\\tb'");
    CHECK(quote(std::string("a\0b", 3)) == "'a\\0b'");
    CHECK(quote("\x1b[1m\x7f") == "'\\x1B[1m\\x7F'");
    CHECK(quote("it's a\\b") == "'it\\'s a\\\\b'");
    CHECK(quote("") == "''");
    CHECK(quote_bare("x\ny") == "x\\ny");
}

TEST_CASE("quote: valid UTF-8 is kept, invalid bytes become hex escapes one by one", "[quote]") {
    CHECK(quote("wörld é 🙂 ᵀ") == "'wörld é 🙂 ᵀ'");
    CHECK(quote("a\xff" "b") == "'a\\xFFb'");
    CHECK(quote("\xc3") == "'\\xC3'");                       // truncated sequence at the end
    CHECK(quote("\xc3(") == "'\\xC3('");                     // bad continuation: the '(' survives
    CHECK(quote("\xed\xa0\x80") == "'\\xED\\xA0\\x80'");     // a surrogate, not valid UTF-8
    CHECK(quote("\xc0\xaf") == "'\\xC0\\xAF'");              // overlong '/'
    CHECK(quote("\xe2\x82") == "'\\xE2\\x82'");
}

TEST_CASE("quote: code points that move or hide text are escaped", "[quote]") {
    CHECK(quote("a\xE2\x80\xAE" "b") == "'a\\u{202E}b'");       // right-to-left override
    CHECK(quote("a\xE2\x80\xA8" "b") == "'a\\u{2028}b'");       // line separator
    CHECK(quote("a\xC2\x85" "b") == "'a\\u{0085}b'");           // NEL (C1)
    CHECK(quote("\xEF\xBB\xBF" "x") == "'\\u{FEFF}x'");         // BOM / zero-width no-break space
    CHECK(quote("\xE2\x81\xA6" "x") == "'\\u{2066}x'");         // LRI
}

TEST_CASE("quote: long values are cut with an ellipsis at the character limit", "[quote]") {
    const std::string big(10240, 'x');
    const std::string q = quote(big);
    CHECK(q == "'" + std::string(kQuoteMaxChars, 'x') + "…'");
    CHECK(quote("abcdef", 3) == "'abc…'");
    CHECK(quote("abc", 3) == "'abc'");
    CHECK(quote("ééééé", 2) == "'éé…'");      // cut between characters, never inside one
    CHECK(quote("\xff\xff\xff\xff", 2) == "'\\xFF\\xFF…'");
    // Escapes do not count against the limit twice: 80 newlines give 80 escapes.
    CHECK(quote(std::string(100, '\n')).size() == 2 + 2 * kQuoteMaxChars + 3);
}

TEST_CASE("quote: every quoted string is a safe message, whatever the bytes", "[quote]") {
    std::string all;
    for (int b = 0; b < 256; b++) all.push_back(char(b));
    CHECK(message_is_safe(quote(all, 1000)));
    for (auto& n : nasty_names()) check_safe(quote(n.text), n.what);
    CHECK_FALSE(message_is_safe("two\nlines"));
    CHECK_FALSE(message_is_safe("cr\r"));
    CHECK_FALSE(message_is_safe("bad \xff"));
    CHECK_FALSE(message_is_safe(""));
    CHECK_FALSE(message_is_safe("rtl \xE2\x80\xAE"));
    CHECK(message_is_safe("tensor 'wte.weight': shape [2, 3] — 'é'"));
}

TEST_CASE("readers: safetensors names, metadata keys, fields and dtypes are quoted", "[quote]") {
    for (auto& n : nasty_names()) {
        const std::string key = json_quote(n.text);  // the name as a JSON string (\n, \r, \u0000 escapes)
        SafetensorsFile f;
        // The file: a __metadata__ key with JSON escapes for \n and \r.
        auto bytes = make_st("{\"__metadata__\":{" + key + ":1}}");
        std::string e = safetensors_parse(bytes.data(), bytes.size(), &f);
        CHECK(contains(e, "__metadata__ value of '"));
        check_safe(e, n.what);
        bytes = make_st("{" + key + ":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,3]}}", {0, 0, 0});
        e = safetensors_parse(bytes.data(), bytes.size(), &f);
        CHECK(contains(e, "tensor '"));
        check_safe(e, n.what);
        bytes = make_st("{\"t\":{\"dtype\":" + key + ",\"shape\":[1],\"data_offsets\":[0,4]}}", {0, 0, 0, 0});
        e = safetensors_parse(bytes.data(), bytes.size(), &f);
        CHECK(contains(e, "unknown dtype"));
        check_safe(e, n.what);
        bytes = make_st("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]," + key + ":1}}", {0, 0, 0, 0});
        e = safetensors_parse(bytes.data(), bytes.size(), &f);
        CHECK(contains(e, "unknown header field"));
        check_safe(e, n.what);
    }
    // The exact case, and the message the CLI and the page show for it.
    SafetensorsFile f;
    const auto bytes = make_st("{\"__metadata__\":{\"n_h\\n\\r\\nead\":1}}");
    const std::string e = safetensors_parse(bytes.data(), bytes.size(), &f);
    CHECK(e == "safetensors header: __metadata__ value of 'n_h\\n\\r\\nead' is not a string");
}

TEST_CASE("readers: JSON duplicate keys are quoted", "[quote]") {
    for (auto& n : nasty_names()) {
        const std::string key = json_quote(n.text);
        const std::string text = "{" + key + ":1," + key + ":2}";
        JsonValue v;
        const std::string e = json_parse(text.data(), text.size(), &v);
        CHECK(contains(e, "duplicate key '"));
        check_safe(e, n.what);
    }
}

TEST_CASE("readers: checkpoint metadata values, tensor names and file names are quoted", "[quote]") {
    GPT m;
    REQUIRE(m.init(tiny_config()) == "");
    m.init_random(3);
    for (auto& n : nasty_names()) {
        Checkpoint ck;
        for (const char* field : {"n_head", "tokenizer"}) {
            auto meta = config_metadata(m.cfg);
            meta[field] = n.text;
            const auto bytes = checkpoint_writer(m, meta).serialize();
            const std::string e = checkpoint_load(bytes.data(), bytes.size(), &ck);
            CHECK(contains(e, std::string(field) + " = '"));
            check_safe(e, n.what);
        }
        auto w = checkpoint_writer(m, config_metadata(m.cfg));
        std::vector<float> one{1.0f};
        w.add_f32("h.0." + n.text, {1}, one.data());
        auto bytes = w.serialize();
        std::string e = checkpoint_load(bytes.data(), bytes.size(), &ck);
        CHECK(contains(e, "unexpected tensor '"));
        check_safe(e, n.what);
        // Twice, with and without the prefix.
        auto w2 = checkpoint_writer(m, config_metadata(m.cfg));
        w2.add_f32(n.text, {1}, one.data());
        w2.add_f32("transformer." + n.text, {1}, one.data());
        bytes = w2.serialize();
        e = checkpoint_load(bytes.data(), bytes.size(), &ck);
        check_safe(e, n.what);
        // The file name of a file that does not exist, and of a batch.
        if (n.text.find('\0') == std::string::npos) {
            e = checkpoint_load_file("/tmp/ga_no_such_dir_" + n.text, &ck);
            CHECK(contains(e, "cannot open '"));
            check_safe(e, n.what);
            Batch b;
            e = batch_load_file("/tmp/ga_no_such_dir_" + n.text, 10, 8, &b);
            check_safe(e, n.what);
            std::vector<uint8_t> out;
            e = read_file("/tmp/ga_no_such_dir_" + n.text, &out);
            check_safe(e, n.what);
            e = write_file_atomic("/tmp/ga_no_such_dir_/" + n.text, {1, 2});
            CHECK(contains(e, "cannot write '"));
            check_safe(e, n.what);
        }
    }
    // A bad checkpoint that exists: the path comes first, quoted.
    const std::string path = "/tmp/ga_test_quote\nname.safetensors";
    REQUIRE(write_file_atomic(path, {1, 2, 3}) == "");
    Checkpoint ck;
    const std::string e = checkpoint_load_file(path, &ck);
    CHECK(e.rfind("'/tmp/ga_test_quote\\nname.safetensors': ", 0) == 0);
    std::remove(path.c_str());
}

TEST_CASE("readers: batch tensor names are quoted", "[quote]") {
    SafetensorsWriter w;
    std::vector<int32_t> ids{1, 2};
    w.add_i32("inputs", {1, 2}, ids.data());
    w.add_i32("targets", {1, 2}, ids.data());
    for (auto& n : nasty_names()) {
        w.add_i32(n.text, {1, 2}, ids.data());
        const auto bytes = w.serialize();
        w.entries.pop_back();
        Batch b;
        const std::string e = batch_load(bytes.data(), bytes.size(), 10, 8, &b);
        if (!e.empty()) check_safe(e, n.what);
    }
}

TEST_CASE("readers: tokenizer messages quote characters, tokens and lines", "[quote]") {
    Tokenizer t;
    REQUIRE(tokenizer_char_from_text("abc", &t) == "");
    std::vector<int> ids;
    CHECK(t.encode("a\nb", &ids) == "character '\\n' (U+000A) at position 1 is not in the model's alphabet");
    CHECK(t.encode("a\xE2\x80\xAE", &ids) == "character '\\u{202E}' (U+202E) at position 1 is not in the model's alphabet");
    check_safe(t.encode("ab\xff", &ids), "invalid UTF-8");
    CHECK(contains(tokenizer_char_from_alphabet("a\r\r", &t), "'\\r' (U+000D) twice"));
    for (auto& n : nasty_names()) {
        Tokenizer b;
        std::string e = tokenizer_gpt2_from_files("{" + json_quote(n.text) + ":0}", "#version: 0.2\na b\n", &b);
        if (!e.empty()) check_safe(e, n.what);
        e = tokenizer_gpt2_from_files("{\"a\":0}", "#version: 0.2\n" + n.text + " b c\n", &b);
        if (!e.empty()) {
            CHECK(contains(e, "is not a pair"));
            check_safe(e, n.what);
        }
        e = tokenizer_char_from_alphabet(n.text, &b);
        if (!e.empty()) check_safe(e, n.what);
        Tokenizer c;
        e = tokenizer_char_from_text(n.text, &c);
        if (!e.empty()) check_safe(e, n.what);
    }
}

TEST_CASE("readers: data-set and synthetic task names are quoted", "[quote]") {
    Tokenizer t;
    REQUIRE(tokenizer_char_from_text("ab", &t) == "");
    for (auto& n : nasty_names()) {
        Dataset d;
        std::string e = dataset_from_text(n.text, "abab", t, 8, &d);
        CHECK(contains(e, "data set '"));
        check_safe(e, n.what);
        Tokenizer st;
        e = synthetic_dataset(n.text, 100, 1, 8, &st, &d);
        CHECK(contains(e, "unknown synthetic task '"));
        check_safe(e, n.what);
    }
}
