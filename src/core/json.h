// A small strict JSON (RFC 8259) parser and string escaping, for safetensors headers, the GPT-2
// encoder.json and the CLI's --json output. No exceptions: parse returns "" or a one-line reason.
// Strict means: no trailing commas, no comments, no duplicate object keys, valid UTF-8 only,
// nesting depth limited (untrusted headers must not blow the stack).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ga {

enum JsonType : int { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct JsonValue {
    JsonType type = JSON_NULL;
    bool boolean = false;
    std::string text;   // JSON_STRING: the decoded UTF-8 string; JSON_NUMBER: the number as written
    std::vector<JsonValue> items;                             // JSON_ARRAY
    std::vector<std::pair<std::string, JsonValue>> members;   // JSON_OBJECT, in file order

    const JsonValue* get(const std::string& key) const;  // object member or null
    // Exact integer conversion of a JSON_NUMBER written without fraction or exponent.
    bool as_u64(uint64_t* out) const;
    bool as_i64(int64_t* out) const;
    double as_double() const;  // JSON_NUMBER only
};

// Parses text[0..size). Leading/trailing whitespace allowed, anything else after the value is an
// error. max_depth bounds nesting of arrays/objects.
std::string json_parse(const char* text, size_t size, JsonValue* out, int max_depth = 64);

// Quoted JSON string for a UTF-8 string: escapes ", \, control characters (as \uXXXX / \n ...).
// Invalid UTF-8 bytes are written as U+FFFD so the output is always valid JSON.
std::string json_quote(const std::string& utf8);

// Number formatting for JSON output: integers exactly; floats with enough digits to round-trip
// (%.9g); non-finite floats as null (JSON has no NaN).
std::string json_number(double v);

} // namespace ga
