#include "safetensors.h"
#include "json.h"
#include "quote.h"
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace ga {

namespace {

// Headers of real files are a few KB to a few MB (GPT-2 XL: ~60 KB); the reference
// implementation refuses more than 100 MB, so do we.
constexpr uint64_t kMaxHeader = uint64_t(100) << 20;

struct DTypeInfo { const char* name; DType dt; size_t size; };
// Every dtype of the safetensors spec; the ones the model cannot use parse as DT_OTHER.
const DTypeInfo kDTypes[] = {
    {"F32", DT_F32, 4},   {"F16", DT_F16, 2},      {"BF16", DT_BF16, 2},    {"I32", DT_I32, 4},
    {"I64", DT_I64, 8},   {"F64", DT_F64, 8},      {"U8", DT_U8, 1},        {"I8", DT_OTHER, 1},
    {"I16", DT_OTHER, 2}, {"U16", DT_OTHER, 2},    {"U32", DT_OTHER, 4},    {"U64", DT_OTHER, 8},
    {"BOOL", DT_OTHER, 1}, {"F8_E4M3", DT_OTHER, 1}, {"F8_E5M2", DT_OTHER, 1},
};

const DTypeInfo* dtype_lookup(const std::string& name) {
    for (auto& d : kDTypes) if (name == d.name) return &d;
    return nullptr;
}

std::string shape_str(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); i++) {
        if (i) s += ", ";
        s += std::to_string(shape[i]);
    }
    return s + "]";
}

std::string tname(const std::string& name) { return "tensor " + quote(name); }  // names are untrusted

float f16_to_f32(uint16_t h) {
    const uint32_t sign = uint32_t(h & 0x8000) << 16;
    const uint32_t exp = (h >> 10) & 0x1F;
    uint32_t mant = h & 0x3FF;
    uint32_t bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else {  // subnormal: normalise
            int e = -1;
            do { e++; mant <<= 1; } while ((mant & 0x400) == 0);
            bits = sign | uint32_t(127 - 15 - e) << 23 | (mant & 0x3FF) << 13;
        }
    } else if (exp == 31) {
        bits = sign | 0x7F800000u | mant << 13;  // inf / nan
    } else {
        bits = sign | (exp + 127 - 15) << 23 | mant << 13;
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

} // namespace

std::string shape_string(const std::vector<int64_t>& shape) { return shape_str(shape); }

const STensorInfo* SafetensorsFile::find(const std::string& name) const {
    for (auto& t : tensors) if (t.name == name) return &t;
    return nullptr;
}

size_t STensorInfo::numel() const {
    size_t n = 1;
    for (int64_t d : shape) n *= size_t(d);  // validated at parse time: no overflow
    return n;
}

bool SafetensorsFile::read_f32(const STensorInfo& t, float* out, std::string* err) const {
    const size_t n = t.numel();
    const uint8_t* p = data + t.begin;
    switch (t.dtype) {
    case DT_F32:
        if (n) std::memcpy(out, p, n * 4);  // little-endian host (x86, wasm)
        return true;
    case DT_F16:
        for (size_t i = 0; i < n; i++) out[i] = f16_to_f32(uint16_t(p[2 * i] | p[2 * i + 1] << 8));
        return true;
    case DT_BF16:
        for (size_t i = 0; i < n; i++) {
            const uint32_t bits = uint32_t(p[2 * i] | p[2 * i + 1] << 8) << 16;
            std::memcpy(&out[i], &bits, 4);
        }
        return true;
    case DT_F64:
        for (size_t i = 0; i < n; i++) {
            double d;
            std::memcpy(&d, p + 8 * i, 8);
            out[i] = float(d);
        }
        return true;
    default:
        if (err) *err = tname(t.name) + ": dtype " + t.dtype_name + " is not a floating-point type (need F32, F16, BF16 or F64)";
        return false;
    }
}

bool SafetensorsFile::read_i32(const STensorInfo& t, int32_t* out, std::string* err) const {
    const size_t n = t.numel();
    const uint8_t* p = data + t.begin;
    if (t.dtype == DT_I32) {
        if (n) std::memcpy(out, p, n * 4);
        return true;
    }
    if (t.dtype == DT_I64) {
        for (size_t i = 0; i < n; i++) {
            int64_t v;
            std::memcpy(&v, p + 8 * i, 8);
            if (v < INT32_MIN || v > INT32_MAX) {
                if (err) *err = tname(t.name) + ": value " + std::to_string(v) + " at index " + std::to_string(i) + " does not fit in int32";
                return false;
            }
            out[i] = int32_t(v);
        }
        return true;
    }
    if (err) *err = tname(t.name) + ": dtype " + t.dtype_name + " is not an integer type (need I32 or I64)";
    return false;
}

std::string safetensors_parse(const uint8_t* bytes, size_t size, SafetensorsFile* out) {
    if (size < 8) return "not a safetensors file: " + std::to_string(size) + " bytes, shorter than the 8-byte header length";
    uint64_t hlen = 0;
    for (int k = 7; k >= 0; k--) hlen = (hlen << 8) | bytes[k];
    if (hlen > size - 8)
        return "safetensors header length " + std::to_string(hlen) + " exceeds the file size (" + std::to_string(size) + " bytes): truncated or not a safetensors file";
    if (hlen > kMaxHeader) return "safetensors header length " + std::to_string(hlen) + " is larger than the 100 MB limit";
    if (hlen < 2) return "safetensors header length " + std::to_string(hlen) + " is too small for a JSON object";
    const char* htext = reinterpret_cast<const char*>(bytes + 8);
    if (htext[0] != '{') return "safetensors header does not start with '{' (not a safetensors file?)";

    JsonValue root;
    std::string e = json_parse(htext, size_t(hlen), &root);
    if (!e.empty()) return "safetensors header: " + e;
    if (root.type != JSON_OBJECT) return "safetensors header: not a JSON object";

    SafetensorsFile f;
    f.data = bytes + 8 + hlen;
    f.data_size = size_t(size - 8 - hlen);
    for (auto& m : root.members) {
        const std::string& name = m.first;
        const JsonValue& v = m.second;
        if (name == "__metadata__") {
            if (v.type != JSON_OBJECT) return "safetensors header: __metadata__ is not an object";
            for (auto& kv : v.members) {
                if (kv.second.type != JSON_STRING)
                    return "safetensors header: __metadata__ value of " + quote(kv.first) + " is not a string";
                f.metadata[kv.first] = kv.second.text;
            }
            continue;
        }
        if (name.empty()) return "safetensors header: empty tensor name";
        if (v.type != JSON_OBJECT) return tname(name) + ": header entry is not an object";
        STensorInfo t;
        t.name = name;
        const JsonValue* dt = v.get("dtype");
        const JsonValue* sh = v.get("shape");
        const JsonValue* off = v.get("data_offsets");
        if (!dt || !sh || !off) return tname(name) + ": header entry needs dtype, shape and data_offsets";
        if (v.members.size() != 3) {
            for (auto& km : v.members)
                if (km.first != "dtype" && km.first != "shape" && km.first != "data_offsets")
                    return tname(name) + ": unknown header field " + quote(km.first);
        }
        if (dt->type != JSON_STRING) return tname(name) + ": dtype is not a string";
        const DTypeInfo* di = dtype_lookup(dt->text);
        if (!di) return tname(name) + ": unknown dtype " + quote(dt->text, 20);
        t.dtype = di->dt;
        t.dtype_name = di->name;
        if (sh->type != JSON_ARRAY) return tname(name) + ": shape is not an array";
        if (sh->items.size() > 16) return tname(name) + ": rank " + std::to_string(sh->items.size()) + " is too large";
        // numel * element size must fit in the data section; bound every step so nothing overflows.
        uint64_t numel = 1;
        bool zero = false;
        for (auto& d : sh->items) {
            uint64_t dim;
            if (!d.as_u64(&dim) || dim > uint64_t(INT64_MAX))
                return tname(name) + ": shape entries must be non-negative integers (got " + (d.type == JSON_NUMBER ? quote_bare(d.text, 30) : std::string("a non-number")) + ")";
            t.shape.push_back(int64_t(dim));
            if (dim == 0) zero = true;
        }
        for (int64_t d : t.shape) {
            if (zero) { numel = 0; break; }
            if (uint64_t(d) > uint64_t(SIZE_MAX) / di->size || numel > uint64_t(SIZE_MAX) / di->size / uint64_t(d))
                return tname(name) + ": shape " + shape_str(t.shape) + " is absurdly large (" + di->name + " data would overflow)";
            numel *= uint64_t(d);
        }
        const uint64_t nbytes = numel * di->size;
        if (off->type != JSON_ARRAY || off->items.size() != 2) return tname(name) + ": data_offsets must be [begin, end]";
        uint64_t b, en;
        if (!off->items[0].as_u64(&b) || !off->items[1].as_u64(&en))
            return tname(name) + ": data_offsets must be non-negative integers";
        if (b > en) return tname(name) + ": data_offsets [" + std::to_string(b) + ", " + std::to_string(en) + "] have begin > end";
        if (en > f.data_size)
            return tname(name) + ": data_offsets [" + std::to_string(b) + ", " + std::to_string(en) + "] go past the end of the data (" + std::to_string(f.data_size) + " bytes): truncated file?";
        if (en - b != nbytes)
            return tname(name) + ": " + di->name + " shape " + shape_str(t.shape) + " needs " + std::to_string(nbytes) + " bytes but data_offsets [" + std::to_string(b) + ", " + std::to_string(en) + "] hold " + std::to_string(en - b);
        t.begin = size_t(b);
        t.end = size_t(en);
        f.tensors.push_back(std::move(t));
    }
    // The data section must be exactly the tensors, back to back, without overlaps or gaps
    // (as the reference implementation requires).
    std::vector<const STensorInfo*> order;
    for (auto& t : f.tensors) order.push_back(&t);
    std::stable_sort(order.begin(), order.end(), [](const STensorInfo* a, const STensorInfo* b) {
        return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
    });
    size_t pos = 0;
    const STensorInfo* prev = nullptr;
    for (const STensorInfo* t : order) {
        if (t->begin < pos)
            return tname(t->name) + ": data_offsets [" + std::to_string(t->begin) + ", " + std::to_string(t->end) + "] overlap " + tname(prev->name);
        if (t->begin > pos)
            return tname(t->name) + ": gap of " + std::to_string(t->begin - pos) + " bytes in the data before it";
        pos = t->end;
        prev = t;
    }
    if (pos != f.data_size)
        return "safetensors data section has " + std::to_string(f.data_size - pos) + " bytes after the last tensor (corrupt file?)";
    *out = std::move(f);
    return {};
}

void SafetensorsWriter::add_f32(const std::string& name, std::vector<int64_t> shape, const float* data) {
    size_t n = 1;
    for (int64_t d : shape) n *= size_t(d);
    Entry e{name, "F32", std::move(shape), std::vector<uint8_t>(n * 4)};
    if (n) std::memcpy(e.bytes.data(), data, n * 4);
    entries.push_back(std::move(e));
}

void SafetensorsWriter::add_i32(const std::string& name, std::vector<int64_t> shape, const int32_t* data) {
    size_t n = 1;
    for (int64_t d : shape) n *= size_t(d);
    Entry e{name, "I32", std::move(shape), std::vector<uint8_t>(n * 4)};
    if (n) std::memcpy(e.bytes.data(), data, n * 4);
    entries.push_back(std::move(e));
}

std::vector<uint8_t> SafetensorsWriter::serialize() const {
    std::string h = "{";
    bool first = true;
    if (!metadata.empty()) {
        h += "\"__metadata__\":{";
        bool f1 = true;
        for (auto& kv : metadata) {
            if (!f1) h += ",";
            f1 = false;
            h += json_quote(kv.first) + ":" + json_quote(kv.second);
        }
        h += "}";
        first = false;
    }
    size_t off = 0;
    for (auto& e : entries) {
        if (!first) h += ",";
        first = false;
        h += json_quote(e.name) + ":{\"dtype\":\"" + e.dtype + "\",\"shape\":[";
        for (size_t i = 0; i < e.shape.size(); i++) {
            if (i) h += ",";
            h += std::to_string(e.shape[i]);
        }
        h += "],\"data_offsets\":[" + std::to_string(off) + "," + std::to_string(off + e.bytes.size()) + "]}";
        off += e.bytes.size();
    }
    h += "}";
    while (h.size() % 8) h += ' ';  // data section 8-byte aligned, as the reference writer does
    std::vector<uint8_t> out(8 + h.size() + off);
    const uint64_t hl = h.size();
    for (int k = 0; k < 8; k++) out[k] = uint8_t(hl >> (8 * k));
    std::memcpy(out.data() + 8, h.data(), h.size());
    size_t pos = 8 + h.size();
    for (auto& e : entries) {
        if (!e.bytes.empty()) std::memcpy(out.data() + pos, e.bytes.data(), e.bytes.size());
        pos += e.bytes.size();
    }
    return out;
}

std::string write_file_atomic(const std::string& path, const std::vector<uint8_t>& bytes) {
    if (path.empty()) return "cannot write: empty file name";
    const std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return "cannot write " + quote(path) + ": " + std::strerror(errno);
    size_t done = bytes.empty() ? 0 : std::fwrite(bytes.data(), 1, bytes.size(), f);
    const int werr = errno;
    const bool ok_write = done == bytes.size();
    const bool ok_close = std::fclose(f) == 0;
    if (!ok_write || !ok_close) {
        std::remove(tmp.c_str());
        return "cannot write " + quote(path) + ": " + std::strerror(ok_write ? errno : werr);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int rerr = errno;
        std::remove(tmp.c_str());
        return "cannot write " + quote(path) + ": " + std::strerror(rerr);
    }
    return {};
}

std::string read_file(const std::string& path, std::vector<uint8_t>* out, size_t max_bytes) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return "cannot read " + quote(path) + ": it is a directory";
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return "cannot open " + quote(path) + ": " + std::strerror(errno);
    std::vector<uint8_t> buf;
    // The size from ftell is only a hint (pipes, files that change): read it, then keep reading in
    // small chunks until EOF, so a big checkpoint is read with one allocation.
    size_t hint = 0;
    if (std::fseek(f, 0, SEEK_END) == 0) {
        const long sz = std::ftell(f);
        if (sz > 0 && uint64_t(sz) > uint64_t(max_bytes)) {
            std::fclose(f);
            return quote(path) + " is larger than the limit of " + std::to_string(max_bytes) + " bytes";
        }
        if (sz > 0) hint = size_t(sz);
        std::fseek(f, 0, SEEK_SET);
    }
    buf.resize(hint);
    size_t have = hint ? std::fread(buf.data(), 1, hint, f) : 0;
    buf.resize(have);
    std::vector<uint8_t> chunk(size_t(1) << 16);
    while (!std::ferror(f) && !std::feof(f)) {
        const size_t got = std::fread(chunk.data(), 1, chunk.size(), f);
        if (buf.size() + got > max_bytes) {
            std::fclose(f);
            return quote(path) + " is larger than the limit of " + std::to_string(max_bytes) + " bytes";
        }
        buf.insert(buf.end(), chunk.data(), chunk.data() + got);
        if (got == 0) break;
    }
    if (std::ferror(f)) {
        const int e = errno;
        std::fclose(f);
        return "cannot read " + quote(path) + ": " + std::strerror(e);
    }
    std::fclose(f);
    *out = std::move(buf);
    return {};
}

} // namespace ga
