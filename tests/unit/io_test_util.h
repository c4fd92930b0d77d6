// Helpers for the I/O tests: hand-made safetensors files (any header text + data bytes) and a
// tiny model to save and load.
#pragma once
#include "checkpoint.h"
#include "safetensors.h"
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace iotest {

// 8-byte little-endian header length, the header text as given, then the data bytes.
inline std::vector<uint8_t> make_st(const std::string& header, const std::vector<uint8_t>& data = {}) {
    std::vector<uint8_t> out(8 + header.size() + data.size());
    const uint64_t n = header.size();
    for (int k = 0; k < 8; k++) out[size_t(k)] = uint8_t(n >> (8 * k));
    std::memcpy(out.data() + 8, header.data(), header.size());
    if (!data.empty()) std::memcpy(out.data() + 8 + header.size(), data.data(), data.size());
    return out;
}

inline std::vector<uint8_t> f32_bytes(const std::vector<float>& v) {
    std::vector<uint8_t> b(v.size() * 4);
    if (!v.empty()) std::memcpy(b.data(), v.data(), b.size());
    return b;
}

inline bool contains(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

// A scratch file of this build tree (CMakeLists.txt defines GA_TEST_TMP as <build>/test-tmp):
// checkouts and presets running their tests at the same time never share one.
inline std::string tmp_path(const std::string& name) {
#ifdef GA_TEST_TMP
    return std::string(GA_TEST_TMP) + "/" + name;
#else
    return "/tmp/" + name;
#endif
}

inline bool file_exists(const std::string& p) {
    std::FILE* f = std::fopen(p.c_str(), "rb");
    if (!f) return false;
    std::fclose(f);
    return true;
}

// A small GPT with random weights and a char tokenizer over "abcdefghij" (vocab 10).
inline ga::GPTConfig tiny_config() {
    ga::GPTConfig c;
    c.n_layer = 2;
    c.n_head = 2;
    c.n_embd = 8;
    c.n_ctx = 6;
    c.vocab_size = 10;
    return c;
}

// The entries of a checkpoint as a writer, so tests can break one thing and serialize.
inline ga::SafetensorsWriter checkpoint_writer(const ga::GPT& m, const std::map<std::string, std::string>& meta,
                                               const std::string& prefix = "") {
    ga::SafetensorsWriter w;
    w.metadata = meta;
    for (auto& p : m.table) {
        std::vector<int64_t> shape = p.rank == 2 ? std::vector<int64_t>{p.rows, p.cols} : std::vector<int64_t>{p.cols};
        w.add_f32(prefix + p.name, shape, m.param(p));
    }
    return w;
}

inline std::map<std::string, std::string> config_metadata(const ga::GPTConfig& c) {
    return {{"n_layer", std::to_string(c.n_layer)}, {"n_head", std::to_string(c.n_head)},
            {"n_embd", std::to_string(c.n_embd)},   {"n_ctx", std::to_string(c.n_ctx)},
            {"vocab_size", std::to_string(c.vocab_size)}};
}

} // namespace iotest
