// safetensors reading and writing (https://huggingface.co/docs/safetensors): 8-byte little-endian
// header length N, N bytes of JSON header, then the data. Reading validates everything and never
// trusts a size or offset from the file.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ga {

enum DType : int { DT_F32, DT_F16, DT_BF16, DT_I32, DT_I64, DT_F64, DT_U8, DT_OTHER };

struct STensorInfo {
    std::string name;
    DType dtype;
    std::string dtype_name;      // as in the file, "F32"
    std::vector<int64_t> shape;
    size_t begin = 0, end = 0;   // byte offsets into the data section
    size_t numel() const;        // product of shape (validated at parse time: no overflow)
};

// "[8, 24]": for error messages and the CLI.
std::string shape_string(const std::vector<int64_t>& shape);

struct SafetensorsFile {
    std::map<std::string, std::string> metadata;  // __metadata__ (string → string)
    std::vector<STensorInfo> tensors;             // in file order
    const uint8_t* data = nullptr;                // start of the data section (borrowed)
    size_t data_size = 0;

    const STensorInfo* find(const std::string& name) const;
    // Converts a floating tensor (F32/F16/BF16/F64) to float32. False with *err if not floating.
    bool read_f32(const STensorInfo& t, float* out, std::string* err) const;
    bool read_i32(const STensorInfo& t, int32_t* out, std::string* err) const;  // I32 or I64
};

// Parses bytes[0..size) (which must outlive the result). Returns "" or a one-line reason.
std::string safetensors_parse(const uint8_t* bytes, size_t size, SafetensorsFile* out);

// Writer: add tensors, then serialize. Tensors are written in insertion order, 8-byte aligned header.
struct SafetensorsWriter {
    std::map<std::string, std::string> metadata;
    struct Entry { std::string name, dtype; std::vector<int64_t> shape; std::vector<uint8_t> bytes; };
    std::vector<Entry> entries;
    void add_f32(const std::string& name, std::vector<int64_t> shape, const float* data);
    void add_i32(const std::string& name, std::vector<int64_t> shape, const int32_t* data);
    std::vector<uint8_t> serialize() const;
};

// Writes to path.tmp then renames, so a failure never leaves a partial file. "" or reason.
std::string write_file_atomic(const std::string& path, const std::vector<uint8_t>& bytes);
// Default cap: 8 GB natively, the whole (4 GB) address space under wasm32 (where 8 << 30 wraps to 0).
constexpr size_t kReadFileDefaultMax = sizeof(size_t) >= 8 ? size_t(uint64_t(8) << 30) : ~size_t(0);
std::string read_file(const std::string& path, std::vector<uint8_t>* out, size_t max_bytes = kReadFileDefaultMax);

} // namespace ga
