// Token streams with a train/validation split and deterministic batch sampling.
#include "data.h"
#include "quote.h"
#include <algorithm>
#include <cstdint>

namespace ga {

std::string dataset_from_text(const std::string& name, const std::string& utf8, const Tokenizer& tok, int T, Dataset* out,
                              DataError* why) {
    DataError none;
    DataError& e = why ? *why : none;
    e = DataError{};
    if (T < 1) {
        e.code = DATA_BAD_CONTEXT;
        return "data set " + quote(name) + ": context length T = " + std::to_string(T) + " must be at least 1";
    }
    std::vector<int> ids;
    std::string err = tok.encode(utf8, &ids, &e.encode);
    if (!err.empty()) {
        e.code = DATA_ENCODE;
        return "data set " + quote(name) + ": " + err;
    }
    // the last 10% is the validation split; both splits need T+1 tokens for one (input, target) window
    const size_t n = ids.size();
    const size_t n_val = n / 10;
    const size_t n_train = n - n_val;
    const size_t need = size_t(T) + 1;
    e.tokens = n;
    e.need = need;
    if (n_train < need || n_val < need) {
        e.code = DATA_TOO_SHORT;
        return "data set " + quote(name) + ": " + std::to_string(n) + " tokens is too short for context " + std::to_string(T) +
               " (each of the 90/10 train/validation splits needs at least " + std::to_string(need) + " tokens, so at least " +
               std::to_string(need * 10) + " in all)";
    }
    Dataset d;
    d.name = name;
    d.train.assign(ids.begin(), ids.begin() + (long)n_train);
    d.val.assign(ids.begin() + (long)n_train, ids.end());
    *out = std::move(d);
    return {};
}

std::string words_unpack(const std::string& packed, std::string* text) {
    // header: "ga-words 1 <total> <seed> <count>\n"
    const size_t eol = packed.find('\n');
    if (packed.compare(0, 11, "ga-words 1 ") != 0 || eol == std::string::npos)
        return "not a word list (no 'ga-words 1' header)";
    uint64_t num[3] = {0, 0, 0};
    size_t i = 11;
    for (int k = 0; k < 3; k++) {
        const size_t start = i;
        while (i < eol && packed[i] >= '0' && packed[i] <= '9' && i - start < 20)
            num[k] = num[k] * 10 + uint64_t(packed[i++] - '0');
        if (i == start || i - start >= 20 || (k < 2 ? packed[i] != ' ' : i != eol))
            return "word list header: three whole numbers expected (total, seed, count)";
        i++;
    }
    const uint64_t total = num[0], seed = num[1], count = num[2];
    if (count < 1 || count > total || total > 4000000)
        return "word list header: need 1 <= count <= total <= 4,000,000 (got count " + std::to_string(count) +
               ", total " + std::to_string(total) + ")";
    // the kept words, sorted: undo the front coding
    std::vector<std::string> words;
    words.reserve(size_t(count));
    size_t pos = eol + 1;
    while (pos < packed.size() && words.size() < count) {
        size_t end = packed.find('\n', pos);
        if (end == std::string::npos) end = packed.size();
        size_t k = 0, d = pos;
        while (d < end && packed[d] >= '0' && packed[d] <= '9' && d - pos < 4) k = k * 10 + size_t(packed[d++] - '0');
        if (d == pos) return "word list line " + std::to_string(words.size() + 2) + ": no prefix length";
        const std::string* prev = words.empty() ? nullptr : &words.back();
        // k characters (UTF-8 sequences, as make_data.py counts them) of the previous word
        size_t bytes = 0;
        for (size_t c = 0; c < k; c++) {
            if (!prev || bytes >= prev->size()) return "word list line " + std::to_string(words.size() + 2) + ": prefix longer than the previous word";
            do bytes++; while (bytes < prev->size() && (uint8_t((*prev)[bytes]) & 0xC0) == 0x80);
        }
        std::string w = (prev ? prev->substr(0, bytes) : std::string()) + packed.substr(d, end - d);
        if (w.empty() || w.find_first_of("0123456789\r") != std::string::npos || (prev && !(*prev < w)))
            return "word list line " + std::to_string(words.size() + 2) + ": not a word in increasing order";
        words.push_back(std::move(w));
        pos = end + 1;
    }
    if (words.size() != count || pos < packed.size())
        return "word list: " + std::to_string(count) + " words announced, " +
               (words.size() != count ? std::to_string(words.size()) + " found" : std::string("more found"));
    // scripts/make_data.py: shuffle(sorted list of `total`, seed) with SplitMix64, keep the first `count`
    std::vector<uint32_t> idx(static_cast<size_t>(total));
    for (uint32_t j = 0; j < uint32_t(total); j++) idx[j] = j;
    uint64_t state = seed;
    for (uint64_t n = total - 1; n > 0; n--) {
        state += 0x9E3779B97F4A7C15ull;
        uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        std::swap(idx[size_t(n)], idx[size_t(z % (n + 1))]);
    }
    // the kept indices, in increasing order, are the sorted kept words: rank them
    std::vector<uint32_t> rank(static_cast<size_t>(total), 0);
    std::vector<char> kept(static_cast<size_t>(total), 0);
    for (size_t p = 0; p < size_t(count); p++) kept[idx[p]] = 1;
    uint32_t r = 0;
    for (size_t j = 0; j < size_t(total); j++)
        if (kept[j]) rank[j] = r++;
    std::string out;
    size_t bytes = 0;
    for (const std::string& w : words) bytes += w.size() + 1;
    out.reserve(bytes);
    for (size_t p = 0; p < size_t(count); p++) {
        out += words[rank[idx[p]]];
        out += '\n';
    }
    *text = std::move(out);
    return {};
}

void dataset_batch(const Dataset& d, bool validation, Rng& rng, int B, int T, int* inputs, int* targets) {
    const std::vector<int>& s = validation ? d.val : d.train;
    const size_t n = s.size();
    for (int b = 0; b < B; b++) {
        int* in = inputs + (size_t)b * T;
        int* tg = targets + (size_t)b * T;
        if (n < 2) {  // nothing to predict: never read outside the split
            for (int t = 0; t < T; t++) { in[t] = n ? s[0] : 0; tg[t] = n ? s[0] : 0; }
            continue;
        }
        if (n >= size_t(T) + 1) {
            // a random window of T+1 consecutive tokens: targets are the inputs shifted by one
            const size_t start = (size_t)rng.below((int)(n - size_t(T)));
            for (int t = 0; t < T; t++) { in[t] = s[start + t]; tg[t] = s[start + t + 1]; }
        } else {
            // split shorter than the window (only for callers that skipped dataset_from_text's check): wrap around
            const size_t start = (size_t)rng.below((int)(n - 1));
            for (int t = 0; t < T; t++) { in[t] = s[(start + t) % (n - 1)]; tg[t] = s[(start + t) % (n - 1) + 1]; }
        }
    }
}

} // namespace ga
