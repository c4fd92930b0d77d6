// Data sets: token streams with train/validation splits, and batch sampling.
// Sources: text files converted at build time from Debian packages (see assets/ and tools/),
// word lists, synthetic tasks generated in code, and text the user pastes.
#pragma once
#include "rng.h"
#include "tokenizer.h"
#include <string>
#include <vector>

namespace ga {

struct Dataset {
    std::string name;             // "shakespeare", "words-fr", "addition", "user", ...
    std::vector<int> train, val;  // token ids
    // For synthetic tasks: accuracy is measured exactly on the answer part of each example.
    bool synthetic = false;
};

// Why a text cannot be a data set, for front-ends that word it in another language (the English
// reason stays what dataset_from_text returns).
enum DataCode : int {
    DATA_OK = 0,
    DATA_BAD_CONTEXT,   // T < 1
    DATA_ENCODE,        // the tokenizer refused the text: see `encode`
    DATA_TOO_SHORT,     // `tokens` tokens, each split needs at least `need` (T + 1)
};
struct DataError {
    DataCode code = DATA_OK;
    EncodeError encode;
    size_t tokens = 0, need = 0;
};

// Splits tokens 90/10 (val = the last 10%). "" or reason (too short for T+1 tokens in each split).
std::string dataset_from_text(const std::string& name, const std::string& utf8, const Tokenizer& tok, int T, Dataset* out,
                              DataError* why = nullptr);
// A shipped word list in its compact form (`<name>.words`, written by scripts/make_data.py next to
// `<name>.txt`; assets/README.md): the same text, 2x smaller under gzip. The .txt is the first
// `count` words of a SplitMix64 Fisher-Yates shuffle (seed `seed`) of a sorted list of `total`
// words; the .words file holds only the `count` kept words, sorted and front-coded, and the
// shuffle is replayed on indices:
//     ga-words 1 <total> <seed> <count>\n
//     then `count` lines, each the length of the prefix shared with the previous word (decimal,
//     in characters: every line is valid UTF-8) followed by the rest of the word (the words are
//     letters only, strictly increasing in byte order)
// Gives *text exactly as the .txt file (words joined by \n, a final \n). "" or the reason.
std::string words_unpack(const std::string& packed, std::string* text);

// inputs/targets (B,T) from split; deterministic in rng.
void dataset_batch(const Dataset& d, bool validation, Rng& rng, int B, int T, int* inputs, int* targets);

} // namespace ga
