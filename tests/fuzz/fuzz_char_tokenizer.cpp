// Fuzz target for the character tokenizer on arbitrary (also invalid) UTF-8: the alphabet of a
// text, an alphabet as stored in a checkpoint, and encoding text with a fixed alphabet.
//   - errors are one escaped line (the character is quoted: a newline shows as '\n');
//   - valid text round-trips: encode → decode gives the text, the alphabet survives metadata;
//   - every id is inside the alphabet.
#include "fuzz_util.h"
#include "tokenizer.h"

#include <string>
#include <vector>

void (*ga_fuzz_failure_hook)(const char* what) = nullptr;

using gafuzz::check;
using gafuzz::safe_error;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    ga::Tokenizer t;
    std::string e = ga::tokenizer_char_from_text(text, &t);
    if (!e.empty()) {
        check(safe_error(e), "char tokenizer error is one escaped line");
    } else {
        std::vector<int> ids;
        check(t.encode(text, &ids).empty(), "text encodes with its own alphabet");
        for (int id : ids) check(id >= 0 && id < t.vocab_size(), "ids inside the alphabet");
        check(t.decode(ids) == text, "char tokenizer round trip");
        ga::Tokenizer t2;
        const auto meta = t.metadata();
        check(ga::tokenizer_char_from_alphabet(meta.at("alphabet"), &t2).empty() && t2.chars == t.chars, "alphabet round trip");
    }
    // The same bytes as a stored alphabet (must be distinct characters) ...
    ga::Tokenizer a;
    e = ga::tokenizer_char_from_alphabet(text, &a);
    if (!e.empty()) check(safe_error(e), "alphabet error is one escaped line");
    else check(a.decode_one(0) == a.chars[0] && a.vocab_size() > 0, "alphabet decodes");
    // ... and as text for a model with a small alphabet: unknown characters are quoted errors.
    static ga::Tokenizer fixed;
    if (fixed.vocab_size() == 0) ga::tokenizer_char_from_text("\n abcdefghijklmnopqrstuvwxyz", &fixed);
    std::vector<int> ids;
    e = fixed.encode(text, &ids);
    if (!e.empty()) check(safe_error(e), "unknown character error is one escaped line");
    else check(fixed.decode(ids) == text, "fixed alphabet round trip");
    return 0;
}
