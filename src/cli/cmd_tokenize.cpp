// gpt-anatomy tokenize: token ids of a UTF-8 text file as one JSON array.
#include "cli.h"
#include "checkpoint.h"
#include "safetensors.h"
#include "tokenizer.h"
#include <cstdio>

namespace ga::cli {

int cmd_tokenize(const Args& a) {
    std::string err = a.check_allowed({"--tokenizer", "--text-file", "--text", "--model"});
    if (!err.empty()) return fail("tokenize", err + " (options: --tokenizer gpt2-bpe|char --text-file F [--model M])");
    if (!a.positional.empty()) return fail("tokenize", "unexpected argument " + quote(a.positional[0]));
    std::string text;
    if (a.has("--text-file")) {
        if (a.has("--text")) return fail("tokenize", "give either --text-file or --text, not both");
        std::vector<uint8_t> bytes;
        err = read_file(a.get("--text-file"), &bytes, size_t(1) << 30);
        if (!err.empty()) return fail("tokenize", err);
        text.assign(bytes.begin(), bytes.end());
    } else if (a.has("--text")) {
        text = a.get("--text");
    } else {
        return fail("tokenize", "need --text-file F (or --text T)");
    }
    const std::string kind = a.get("--tokenizer");
    if (!kind.empty() && kind != "gpt2-bpe" && kind != "char")
        return fail("tokenize", "--tokenizer must be gpt2-bpe or char (got " + quote(kind) + ")");

    Tokenizer tok;
    if (a.has("--model")) {
        Checkpoint ck;
        err = checkpoint_load_file(a.get("--model"), &ck);
        if (!err.empty()) return fail("tokenize", err);
        if (ck.tokenizer.vocab_size() == 0) return fail("tokenize", "the model " + quote(a.get("--model")) + " has no tokenizer in its metadata");
        const std::string has = ck.tokenizer.kind == TOK_GPT2_BPE ? "gpt2-bpe" : "char";
        if (!kind.empty() && kind != has)
            return fail("tokenize", "--tokenizer " + kind + " but the model " + quote(a.get("--model")) + " uses " + has);
        tok = std::move(ck.tokenizer);
    } else if (kind == "gpt2-bpe") {
        err = tokenizer_gpt2_load_default(&tok);
        if (!err.empty()) return fail("tokenize", err);
    } else if (kind == "char") {
        // No model: the alphabet is the text's own characters.
        err = tokenizer_char_from_text(text, &tok);
        if (!err.empty()) return fail("tokenize", (a.has("--text-file") ? a.get("--text-file") + ": " : std::string()) + err);
    } else {
        return fail("tokenize", "need --tokenizer gpt2-bpe|char (or --model M)");
    }
    std::vector<int> ids;
    err = tok.encode(text, &ids);
    if (!err.empty()) return fail("tokenize", (a.has("--text-file") ? a.get("--text-file") + ": " : std::string()) + err);
    std::string out = "[";
    for (size_t i = 0; i < ids.size(); i++) {
        if (i) out += ',';
        out += std::to_string(ids[i]);
    }
    out += "]\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

} // namespace ga::cli
