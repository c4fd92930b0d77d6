#include "tokenizer.h"
#include "json.h"
#include "quote.h"
#include "safetensors.h"
#include "utf8.h"
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <queue>
#include <unistd.h>

namespace ga {

namespace {

// ---- Unicode classes for GPT-2's pre-tokenization regex ---------------------------------------
// \p{L}, \p{N} and \s over all of Unicode, generated from the JavaScript regex engine that the
// reference encoder (npm gpt-3-encoder) runs on, so the two agree code point for code point.
// Limit: the tables are one Unicode version (see the .inc header); Python's `regex` module may
// be on another version, and its \s also counts U+001C..U+001F and U+0085 where JavaScript's
// does not (those control characters then split differently from OpenAI's Python encoder).
#include "unicode_ranges.inc"

template <size_t N>
bool in_ranges(const uint32_t (&r)[N][2], uint32_t cp) {
    size_t lo = 0, hi = N;
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (cp < r[mid][0]) hi = mid;
        else if (cp > r[mid][1]) lo = mid + 1;
        else return true;
    }
    return false;
}

bool is_letter(uint32_t cp) {
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return in_ranges(kLetterRanges, cp);
}
bool is_number(uint32_t cp) {
    if (cp < 0x80) return cp >= '0' && cp <= '9';
    return in_ranges(kNumberRanges, cp);
}
bool is_space(uint32_t cp) {
    if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    return in_ranges(kSpaceRanges, cp);
}

std::string char_desc(uint32_t cp, const std::string& utf8) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", unsigned(cp));
    return quote(utf8) + " (" + buf + ")";  // '\n' (U+000A), 'é' (U+00E9), '\u{202E}' (U+202E)
}

// Decodes all of text into code points and their byte offsets. "" or reason.
std::string utf8_split(const std::string& text, std::vector<uint32_t>* cps, std::vector<size_t>* offs, size_t* bad_at = nullptr) {
    const unsigned char* u = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    cps->clear();
    if (offs) offs->clear();
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        const size_t len = utf8_decode(u, n, i, &cp);
        if (len == 0) {
            if (bad_at) *bad_at = i;
            return "invalid UTF-8 at byte " + std::to_string(i);
        }
        cps->push_back(cp);
        if (offs) offs->push_back(i);
        i += len;
    }
    if (offs) offs->push_back(n);
    return {};
}

// GPT-2's pattern  's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// by hand: returns the length (in code points) of the match starting at cp[i]. Alternatives are
// tried in the pattern's order, with the regex's backtracking worked out per alternative.
size_t gpt2_pretoken_len(const std::vector<uint32_t>& cp, size_t i) {
    const size_t n = cp.size();
    auto at = [&](size_t k) -> uint32_t { return k < n ? cp[k] : 0xFFFFFFFFu; };
    if (cp[i] == '\'') {
        const uint32_t a = at(i + 1), b = at(i + 2);
        if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
    }
    auto other = [&](uint32_t c) { return !is_space(c) && !is_letter(c) && !is_number(c); };
    // ' ?X+' for X = letter, number, other: the optional space is taken when X follows it.
    const size_t s = cp[i] == ' ' ? 1 : 0;
    for (int cls = 0; cls < 3; cls++) {
        auto in = [&](uint32_t c) { return cls == 0 ? is_letter(c) : cls == 1 ? is_number(c) : other(c); };
        if (i + s < n && in(cp[i + s])) {
            size_t k = i + s;
            while (k < n && in(cp[k])) k++;
            return k - i;
        }
        // With the space taken and no X after it, the regex retries without the space: X+ at a
        // space never matches, so nothing more to try here.
    }
    // \s+(?!\S): the longest whitespace run not followed by a non-space; backtracking gives back
    // one space when the run is followed by a non-space (which the next token then takes).
    size_t k = i;
    while (k < n && is_space(cp[k])) k++;
    const size_t run = k - i;
    if (run > 0) {
        if (k == n) return run;
        if (run >= 2) return run - 1;
        return 1;  // \s+ : a single whitespace before a non-space
    }
    return 1;  // unreachable: every code point is a space, a letter, a number or other
}

// GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 and up.
void bytes_to_unicode(uint32_t table[256]) {
    bool direct[256] = {};
    for (int b = '!'; b <= '~'; b++) direct[b] = true;
    for (int b = 0xA1; b <= 0xAC; b++) direct[b] = true;
    for (int b = 0xAE; b <= 0xFF; b++) direct[b] = true;
    int extra = 0;
    for (int b = 0; b < 256; b++) table[b] = direct[b] ? uint32_t(b) : uint32_t(256 + extra++);
}

// BPE of one pre-token, exactly as GPT-2's encoder.py: merge the lowest-ranked adjacent pair
// everywhere (left to right, without overlaps) and repeat until no adjacent pair is a known merge.
// encoder.py rescans the whole word per merge: O(n^2), minutes for a pasted 100 KB word without
// spaces (a base64 blob, a DNA sequence). Same result in O(n log n): the symbols in a linked list,
// every adjacent pair with a rank in a heap, and one round per rank: all of that rank's pairs, in
// text order, merged before the pairs they create are considered (encoder.py's next iteration).
std::vector<std::string> bpe_merge(std::vector<std::string> word, const std::map<std::pair<std::string, std::string>, int>& ranks) {
    const int n = int(word.size());
    if (n < 2) return word;
    std::vector<int> next(word.size()), prev(word.size()), version(word.size(), 0);
    std::vector<char> alive(word.size(), 1);
    for (int i = 0; i < n; i++) { prev[size_t(i)] = i - 1; next[size_t(i)] = i + 1 < n ? i + 1 : -1; }
    struct Pair { int rank, left, right, vl, vr; };
    // Lowest rank first; equal ranks (the same pair) in text order: node indices keep text order,
    // since a merge keeps its left node.
    auto later = [](const Pair& a, const Pair& b) { return a.rank != b.rank ? a.rank > b.rank : a.left > b.left; };
    std::priority_queue<Pair, std::vector<Pair>, decltype(later)> heap(later);
    auto push = [&](int l) {
        if (l < 0) return;
        const int r = next[size_t(l)];
        if (r < 0) return;
        auto it = ranks.find({word[size_t(l)], word[size_t(r)]});
        if (it != ranks.end()) heap.push({it->second, l, r, version[size_t(l)], version[size_t(r)]});
    };
    for (int i = 0; i + 1 < n; i++) push(i);
    std::vector<Pair> round, created;
    while (!heap.empty()) {
        const int rank = heap.top().rank;
        round.clear();
        while (!heap.empty() && heap.top().rank == rank) { round.push_back(heap.top()); heap.pop(); }
        created.clear();
        for (const Pair& p : round) {
            const size_t l = size_t(p.left), r = size_t(p.right);
            // Stale: a symbol was merged away or changed since the pair was seen, or the left
            // symbol was the right half of this round's previous merge (overlap).
            if (!alive[l] || !alive[r] || next[l] != p.right || version[l] != p.vl || version[r] != p.vr) continue;
            word[l] += word[r];
            version[l]++;
            alive[r] = 0;
            next[l] = next[r];
            if (next[r] >= 0) prev[size_t(next[r])] = p.left;
            created.push_back(p);
        }
        // The pairs the merged symbols now form: considered from the next round on.
        for (const Pair& p : created) {
            if (!alive[size_t(p.left)]) continue;
            push(prev[size_t(p.left)]);
            push(p.left);
        }
    }
    std::vector<std::string> out;
    for (int i = 0; i >= 0; i = next[size_t(i)]) out.push_back(std::move(word[size_t(i)]));
    return out;
}

} // namespace

int Tokenizer::vocab_size() const {
    return kind == TOK_CHAR ? int(chars.size()) : int(bpe_id_to_bytes.size());
}

std::string Tokenizer::encode(const std::string& utf8, std::vector<int>* ids, EncodeError* why) const {
    EncodeError none;
    EncodeError& e = why ? *why : none;
    e = EncodeError{};
    std::vector<uint32_t> cps;
    std::vector<size_t> offs;
    std::string err = utf8_split(utf8, &cps, &offs, &e.position);
    if (!err.empty()) {
        e.code = ENCODE_NOT_UTF8;
        return err;
    }
    std::vector<int> out;
    if (kind == TOK_CHAR) {
        if (chars.empty()) {
            e.code = ENCODE_NO_TOKENIZER;
            return "no tokenizer: this model has no alphabet";
        }
        out.reserve(cps.size());
        for (size_t i = 0; i < cps.size(); i++) {
            auto it = char_to_id.find(cps[i]);
            if (it == char_to_id.end()) {
                e.code = ENCODE_UNKNOWN_CHAR;
                e.position = i;
                e.character = char_desc(cps[i], utf8.substr(offs[i], offs[i + 1] - offs[i]));
                return "character " + e.character + " at position " + std::to_string(i) + " is not in the model's alphabet";
            }
            out.push_back(it->second);
        }
        *ids = std::move(out);
        return {};
    }
    if (bpe_encoder.empty()) {
        e.code = ENCODE_NO_TOKENIZER;
        return "GPT-2 tokenizer not loaded";
    }
    uint32_t b2u[256];
    bytes_to_unicode(b2u);
    for (size_t i = 0; i < cps.size();) {
        const size_t len = gpt2_pretoken_len(cps, i);
        // The piece's bytes, each as its byte-level "unicode" symbol.
        std::vector<std::string> word;
        std::string token;
        for (size_t b = offs[i]; b < offs[i + len]; b++) {
            std::string sym;
            utf8_append(&sym, b2u[(unsigned char)utf8[b]]);
            token += sym;
            word.push_back(std::move(sym));
        }
        i += len;
        auto cached = bpe_cache.find(token);
        if (cached != bpe_cache.end()) {
            out.insert(out.end(), cached->second.begin(), cached->second.end());
            continue;
        }
        word = bpe_merge(std::move(word), bpe_ranks);
        std::vector<int> piece;
        for (auto& w : word) {
            auto e = bpe_encoder.find(w);
            if (e == bpe_encoder.end()) return "GPT-2 tokenizer: symbol not in encoder.json (corrupt vocabulary files?)";
            piece.push_back(e->second);
        }
        if (bpe_cache.size() > 100000) bpe_cache.clear();  // bounded memory on long varied texts
        bpe_cache.emplace(token, piece);
        out.insert(out.end(), piece.begin(), piece.end());
    }
    *ids = std::move(out);
    return {};
}

std::string Tokenizer::decode_one(int id) const {
    if (kind == TOK_CHAR) {
        if (id < 0 || id >= int(chars.size())) return "\xEF\xBF\xBD";
        return chars[size_t(id)];
    }
    if (id < 0 || id >= int(bpe_id_to_bytes.size())) return "\xEF\xBF\xBD";
    return bpe_id_to_bytes[size_t(id)];
}

std::string Tokenizer::decode(const std::vector<int>& ids) const {
    std::string s;
    for (int id : ids) s += decode_one(id);
    return s;
}

std::map<std::string, std::string> Tokenizer::metadata() const {
    if (kind == TOK_GPT2_BPE) return {{"tokenizer", "gpt2-bpe"}};
    if (chars.empty()) return {};
    std::string alphabet;
    for (auto& c : chars) alphabet += c;
    return {{"tokenizer", "char"}, {"alphabet", alphabet}};
}

std::string tokenizer_char_from_alphabet(const std::string& alphabet_utf8, Tokenizer* out) {
    std::vector<uint32_t> cps;
    std::vector<size_t> offs;
    std::string err = utf8_split(alphabet_utf8, &cps, &offs);
    if (!err.empty()) return "alphabet: " + err;
    if (cps.empty()) return "alphabet is empty";
    Tokenizer t;
    t.kind = TOK_CHAR;
    for (size_t i = 0; i < cps.size(); i++) {
        const std::string ch = alphabet_utf8.substr(offs[i], offs[i + 1] - offs[i]);
        if (!t.char_to_id.emplace(cps[i], int(i)).second)
            return "alphabet has the character " + char_desc(cps[i], ch) + " twice";
        t.chars.push_back(ch);
    }
    *out = std::move(t);
    return {};
}

std::string tokenizer_char_from_text(const std::string& utf8, Tokenizer* out) {
    std::vector<uint32_t> cps;
    std::string err = utf8_split(utf8, &cps, nullptr);
    if (!err.empty()) return err;
    if (cps.empty()) return "text is empty: no alphabet";
    std::sort(cps.begin(), cps.end());
    cps.erase(std::unique(cps.begin(), cps.end()), cps.end());
    std::string alphabet;
    for (uint32_t c : cps) utf8_append(&alphabet, c);
    return tokenizer_char_from_alphabet(alphabet, out);
}

std::string tokenizer_gpt2_from_files(const std::string& encoder_json, const std::string& vocab_bpe, Tokenizer* out) {
    JsonValue enc;
    std::string err = json_parse(encoder_json.data(), encoder_json.size(), &enc, 4);
    if (!err.empty()) return "encoder.json: " + err;
    if (enc.type != JSON_OBJECT || enc.members.empty()) return "encoder.json: not a JSON object of token → id";
    uint32_t b2u[256];
    bytes_to_unicode(b2u);
    std::unordered_map<uint32_t, int> u2b;
    for (int b = 0; b < 256; b++) u2b[b2u[b]] = b;

    Tokenizer t;
    t.kind = TOK_GPT2_BPE;
    const size_t n = enc.members.size();
    if (n > 1000000) return "encoder.json: too many tokens";
    t.bpe_id_to_bytes.assign(n, std::string());
    std::vector<bool> seen(n, false);
    for (auto& m : enc.members) {
        uint64_t id;
        if (!m.second.as_u64(&id) || id >= n) return "encoder.json: id of a token is not an integer in [0, " + std::to_string(n) + ")";
        if (seen[id]) return "encoder.json: id " + std::to_string(id) + " appears twice";
        seen[id] = true;
        std::vector<uint32_t> cps;
        err = utf8_split(m.first, &cps, nullptr);
        if (!err.empty() || cps.empty()) return "encoder.json: bad token " + quote(m.first) + " for id " + std::to_string(id) + (err.empty() ? ": empty" : ": " + err);
        std::string bytes;
        for (uint32_t c : cps) {
            auto it = u2b.find(c);
            if (it == u2b.end()) return "encoder.json: token " + quote(m.first) + " for id " + std::to_string(id) + " is not byte-level";
            bytes.push_back(char(it->second));
        }
        t.bpe_id_to_bytes[id] = std::move(bytes);
        t.bpe_encoder.emplace(m.first, int(id));
    }
    // vocab.bpe: "#version: 0.2" then one merge "a b" per line, in rank order.
    size_t pos = vocab_bpe.find('\n');
    if (pos == std::string::npos) return "vocab.bpe: no merges";
    int rank = 0;
    size_t line_no = 1;
    while (pos < vocab_bpe.size()) {
        size_t end = vocab_bpe.find('\n', pos + 1);
        if (end == std::string::npos) end = vocab_bpe.size();
        std::string line = vocab_bpe.substr(pos + 1, end - pos - 1);
        pos = end;
        line_no++;
        std::vector<std::string> parts;
        size_t k = 0;
        while (k < line.size()) {
            while (k < line.size() && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r')) k++;
            size_t s = k;
            while (k < line.size() && !(line[k] == ' ' || line[k] == '\t' || line[k] == '\r')) k++;
            if (k > s) parts.push_back(line.substr(s, k - s));
        }
        if (parts.empty()) continue;
        if (parts.size() != 2) return "vocab.bpe: line " + std::to_string(line_no) + " is not a pair: " + quote(line);
        t.bpe_ranks.emplace(std::make_pair(parts[0], parts[1]), rank++);  // first occurrence wins
    }
    if (rank == 0) return "vocab.bpe: no merges";
    *out = std::move(t);
    return {};
}

namespace {

bool file_exists(const std::string& p) {
    std::FILE* f = std::fopen(p.c_str(), "rb");
    if (!f) return false;
    std::fclose(f);
    return true;
}

std::string dirname_of(const std::string& p) {
    const size_t s = p.find_last_of('/');
    return s == std::string::npos ? std::string(".") : p.substr(0, s);
}

} // namespace

static std::unique_ptr<Tokenizer>& given_gpt2() {
    static std::unique_ptr<Tokenizer> t;
    return t;
}

std::string tokenizer_gpt2_set_default(const std::string& encoder_json, const std::string& vocab_bpe) {
    Tokenizer t;
    std::string err = tokenizer_gpt2_from_files(encoder_json, vocab_bpe, &t);
    if (!err.empty()) return err;
    given_gpt2() = std::make_unique<Tokenizer>(std::move(t));
    return {};
}

std::string tokenizer_gpt2_load_default(Tokenizer* out) {
    if (given_gpt2()) { *out = *given_gpt2(); return {}; }
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("GPT_ANATOMY_BPE_DIR")) if (*env) dirs.push_back(env);
    // Next to the executable (an installed tool ships bpe/ beside it). Not available under wasm.
    char exe[4096];
    const ssize_t len = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = 0;
        dirs.push_back(dirname_of(exe) + "/bpe");
    }
    // The npm package, from the current directory and its parents (build dirs are 2 levels deep).
    std::string up;
    for (int k = 0; k < 4; k++) {
        dirs.push_back(up + "node_modules/gpt-3-encoder");
        up += "../";
    }
    // The source tree this file was compiled from (CMake passes absolute paths): works for the
    // native and the node (NODERAWFS) builds run from anywhere on the machine that built them.
    const std::string src = __FILE__;
    if (!src.empty() && src[0] == '/') dirs.push_back(dirname_of(dirname_of(dirname_of(src))) + "/node_modules/gpt-3-encoder");

    // Loading parses ~1.5 MB: keep the last result.
    static std::string cached_dir;
    static std::unique_ptr<Tokenizer> cached;
    for (auto& d : dirs) {
        const std::string ej = d + "/encoder.json", vb = d + "/vocab.bpe";
        if (!file_exists(ej) || !file_exists(vb)) continue;
        if (cached && cached_dir == d) { *out = *cached; return {}; }
        std::vector<uint8_t> a, b;
        std::string err = read_file(ej, &a, size_t(64) << 20);
        if (err.empty()) err = read_file(vb, &b, size_t(64) << 20);
        if (!err.empty()) return err;
        Tokenizer t;
        err = tokenizer_gpt2_from_files(std::string(a.begin(), a.end()), std::string(b.begin(), b.end()), &t);
        if (!err.empty()) return quote(d) + ": " + err;
        cached = std::make_unique<Tokenizer>(t);
        cached_dir = d;
        *out = std::move(t);
        return {};
    }
    return "GPT-2 tokenizer files (encoder.json, vocab.bpe) not found: set GPT_ANATOMY_BPE_DIR to a folder holding them "
           "(e.g. node_modules/gpt-3-encoder)";
}

} // namespace ga
