// safetensors: round trip, dtype conversion, and every way a file can lie (header length, JSON,
// dtype, shape, offsets, overlaps, gaps, sizes); atomic writes; the JSON parser underneath.
#include <catch2/catch.hpp>

#include "io_test_util.h"
#include "json.h"
#include "safetensors.h"

#include <cmath>
#include <limits>

using namespace ga;
using namespace iotest;

TEST_CASE("safetensors: writer output parses back with metadata, shapes and values", "[safetensors]") {
    SafetensorsWriter w;
    w.metadata["note"] = "quote \" backslash \\ newline \n é 🙂";
    w.metadata["n_layer"] = "2";
    std::vector<float> a = {1.5f, -2.25f, 3.0f, 0.0f, -0.0f, 1e-38f};
    std::vector<int32_t> b = {7, -8, 2147483647};
    w.add_f32("a.weight", {2, 3}, a.data());
    w.add_i32("ids", {3}, b.data());
    w.add_f32("empty", {0, 4}, nullptr);
    std::vector<uint8_t> bytes = w.serialize();
    REQUIRE((bytes[0] | bytes[1] << 8) % 8 == 0);  // header padded so the data is 8-byte aligned

    SafetensorsFile f;
    REQUIRE(safetensors_parse(bytes.data(), bytes.size(), &f) == "");
    CHECK(f.metadata.at("note") == w.metadata["note"]);
    CHECK(f.metadata.at("n_layer") == "2");
    REQUIRE(f.tensors.size() == 3);
    CHECK(f.tensors[0].name == "a.weight");  // file order kept
    const STensorInfo* ta = f.find("a.weight");
    REQUIRE(ta);
    CHECK(ta->dtype == DT_F32);
    CHECK(ta->shape == std::vector<int64_t>{2, 3});
    CHECK(ta->numel() == 6);
    std::vector<float> ra(6);
    std::string err;
    REQUIRE(f.read_f32(*ta, ra.data(), &err));
    CHECK(std::memcmp(ra.data(), a.data(), 24) == 0);
    std::vector<int32_t> rb(3);
    REQUIRE(f.read_i32(*f.find("ids"), rb.data(), &err));
    CHECK(rb == b);
    CHECK(f.find("empty")->numel() == 0);
    CHECK(f.find("nope") == nullptr);
    // int tensor is not floating, float tensor is not int
    CHECK_FALSE(f.read_f32(*f.find("ids"), ra.data(), &err));
    CHECK(contains(err, "tensor 'ids'"));
    CHECK_FALSE(f.read_i32(*ta, rb.data(), &err));
    CHECK(contains(err, "a.weight"));
}

TEST_CASE("safetensors: F16, BF16 and F64 convert to float32", "[safetensors]") {
    const uint16_t h[] = {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x8000, 0x7C00, 0x3555, 0x03FF};
    const uint16_t bf[] = {0x3F80, 0x4049, 0xC000};
    const double d[] = {1.0 / 3.0, -1e10, 0.5};
    std::vector<uint8_t> data(sizeof h + sizeof bf + sizeof d);
    std::memcpy(data.data(), h, sizeof h);
    std::memcpy(data.data() + sizeof h, bf, sizeof bf);
    std::memcpy(data.data() + sizeof h + sizeof bf, d, sizeof d);
    std::string hdr = "{\"h\":{\"dtype\":\"F16\",\"shape\":[8],\"data_offsets\":[0,16]},"
                      "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[16,22]},"
                      "\"d\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[22,46]}}";
    auto bytes = make_st(hdr, data);
    SafetensorsFile f;
    REQUIRE(safetensors_parse(bytes.data(), bytes.size(), &f) == "");
    float o[8];
    std::string err;
    REQUIRE(f.read_f32(*f.find("h"), o, &err));
    CHECK(o[0] == 1.0f);
    CHECK(o[1] == -2.0f);
    CHECK(o[2] == 65504.0f);
    CHECK(o[3] == std::ldexp(1.0f, -24));  // smallest subnormal
    CHECK(o[4] == 0.0f);
    CHECK(std::signbit(o[4]));
    CHECK(std::isinf(o[5]));
    CHECK(o[6] == 0.333251953125f);
    CHECK(o[7] == std::ldexp(1023.0f, -24));  // largest subnormal
    REQUIRE(f.read_f32(*f.find("b"), o, &err));
    CHECK(o[0] == 1.0f);
    CHECK(o[1] == 3.140625f);
    CHECK(o[2] == -2.0f);
    REQUIRE(f.read_f32(*f.find("d"), o, &err));
    CHECK(o[0] == float(1.0 / 3.0));
    CHECK(o[1] == -1e10f);
    CHECK(o[2] == 0.5f);
}

TEST_CASE("safetensors: I64 ids read as int32 only when they fit", "[safetensors]") {
    int64_t v[] = {1, -5, int64_t(1) << 40};
    std::vector<uint8_t> data(sizeof v);
    std::memcpy(data.data(), v, sizeof v);
    auto ok = make_st("{\"x\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                      "\"y\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[16,24]}}", data);
    SafetensorsFile f;
    REQUIRE(safetensors_parse(ok.data(), ok.size(), &f) == "");
    int32_t o[2];
    std::string err;
    REQUIRE(f.read_i32(*f.find("x"), o, &err));
    CHECK(o[0] == 1);
    CHECK(o[1] == -5);
    CHECK_FALSE(f.read_i32(*f.find("y"), o, &err));
    CHECK(contains(err, "does not fit in int32"));
}

namespace {
std::string parse_err(const std::vector<uint8_t>& bytes) {
    SafetensorsFile f;
    f.data_size = 12345;  // sentinel: must stay untouched on error
    std::string e = safetensors_parse(bytes.data(), bytes.size(), &f);
    if (!e.empty()) {
        CHECK(f.data_size == 12345);
        CHECK(f.tensors.empty());
        CHECK(e.find('\n') == std::string::npos);  // one line
    }
    return e;
}
std::string one(const std::string& entry, size_t data_bytes) {
    return parse_err(make_st("{\"t\":" + entry + "}", std::vector<uint8_t>(data_bytes, 0)));
}
} // namespace

TEST_CASE("safetensors: malformed files give one-line errors naming the problem", "[safetensors]") {
    // sizes and the header length
    CHECK(contains(parse_err({}), "shorter than the 8-byte header length"));
    CHECK(contains(parse_err({1, 0, 0}), "shorter than the 8-byte header length"));
    auto huge = make_st("{}");
    huge[7] = 0x7F;  // header length ~9e18
    CHECK(contains(parse_err(huge), "exceeds the file size"));
    auto over = make_st("{}");
    over[0] = 3;  // one more than present
    CHECK(contains(parse_err(over), "exceeds the file size"));
    CHECK(contains(parse_err(make_st("")), "too small"));
    CHECK(contains(parse_err(make_st("[1,2]")), "does not start with '{'"));
    // JSON
    CHECK(contains(parse_err(make_st("{\"a\":")), "invalid JSON"));
    CHECK(contains(parse_err(make_st("{\"a\":1,}")), "invalid JSON"));
    CHECK(contains(parse_err(make_st("{} x")), "trailing characters"));
    CHECK(contains(parse_err(make_st("{\"t\":{},\"t\":{}}")), "duplicate key"));
    CHECK(contains(parse_err(make_st("{\"a\":\"\xff\"}")), "invalid UTF-8"));
    CHECK(contains(parse_err(make_st("{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}")), "nested too deeply"));
    CHECK(parse_err(make_st("{}   ")) == "");  // padding spaces are fine
    // metadata
    CHECK(contains(parse_err(make_st("{\"__metadata__\":{\"n_layer\":2}}")), "not a string"));
    CHECK(contains(parse_err(make_st("{\"__metadata__\":[]}")), "__metadata__ is not an object"));
    // entries
    CHECK(contains(one("3", 0), "tensor 't': header entry is not an object"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[1]}", 4), "needs dtype, shape and data_offsets"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}", 4), "unknown header field 'x'"));
    CHECK(contains(one("{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}", 4), "unknown dtype 'Q4'"));
    CHECK(contains(one("{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,4]}", 4), "dtype is not a string"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}", 4), "non-negative integers"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}", 4), "non-negative integers"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":3,\"data_offsets\":[0,4]}", 4), "shape is not an array"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}", 4), "non-negative integers"));
    // a header claiming 1e18 elements
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[1000000000,1000000000],\"data_offsets\":[0,4]}", 4), "tensor 't'"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,16],\"data_offsets\":[0,4]}", 4), "absurdly large"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}", 4), "needs 8 bytes but data_offsets [0, 4] hold 4"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,8]}", 4), "go past the end of the data"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}", 4), "begin > end"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}", 4), "must be [begin, end]"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,-4]}", 4), "non-negative integers"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", 8), "bytes after the last tensor"));
    CHECK(contains(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}", 8), "gap of 4 bytes"));
    // overlaps
    std::string two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                      "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
    std::string e = parse_err(make_st(two, std::vector<uint8_t>(12)));
    CHECK(contains(e, "tensor 'b'"));
    CHECK(contains(e, "overlap tensor 'a'"));
    CHECK(contains(parse_err(make_st("{\"\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", std::vector<uint8_t>(4))), "empty tensor name"));
    // valid edge cases: scalar (shape []), other spec dtypes parse
    CHECK(one("{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}", 4) == "");
    CHECK(one("{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[0,3]}", 3) == "");
}

TEST_CASE("safetensors: a truncated file is an error at every length", "[safetensors]") {
    SafetensorsWriter w;
    std::vector<float> a(10, 1.0f);
    w.metadata["k"] = "v";
    w.add_f32("a", {2, 5}, a.data());
    w.add_f32("b", {3}, a.data());
    auto bytes = w.serialize();
    for (size_t n = 0; n < bytes.size(); n++) {
        std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + long(n));
        CHECK(parse_err(cut) != "");
    }
    CHECK(parse_err(bytes) == "");
}

TEST_CASE("safetensors: atomic write and capped read", "[safetensors]") {
    const std::string path = tmp_path("ga_test_io_atomic.safetensors");
    std::vector<uint8_t> data = {1, 2, 3, 4, 5};
    REQUIRE(write_file_atomic(path, data) == "");
    CHECK_FALSE(file_exists(path + ".tmp"));
    std::vector<uint8_t> back;
    REQUIRE(read_file(path, &back) == "");
    CHECK(back == data);
    std::string e = read_file(path, &back, 4);
    CHECK(contains(e, "larger than the limit"));
    CHECK(back == data);  // untouched on error
    std::remove(path.c_str());
    CHECK(contains(read_file("ga_no_such_file.bin", &back), "cannot open 'ga_no_such_file.bin'"));
    CHECK(contains(read_file(".", &back), "directory"));
    // A folder that does not exist: error, and nothing left behind.
    e = write_file_atomic("ga_no_such_dir/x.safetensors", data);
    CHECK(contains(e, "cannot write 'ga_no_such_dir/x.safetensors'"));
    CHECK_FALSE(file_exists("ga_no_such_dir/x.safetensors.tmp"));
}

TEST_CASE("json: strict parsing, exact integers, escaping", "[json]") {
    JsonValue v;
    const char* doc = "{\"a\":[1,-2,3.5e2,true,false,null,\"x\\u00e9\\ud83d\\ude42\\n\"]}";
    REQUIRE(json_parse(doc, std::strlen(doc), &v) == "");
    const JsonValue* a = v.get("a");
    REQUIRE(a);
    REQUIRE(a->items.size() == 7);
    int64_t i;
    CHECK(a->items[1].as_i64(&i));
    CHECK(i == -2);
    uint64_t u;
    CHECK_FALSE(a->items[1].as_u64(&u));
    CHECK_FALSE(a->items[2].as_u64(&u));
    CHECK(a->items[2].as_double() == 350.0);
    CHECK(a->items[6].text == "x\xc3\xa9\xf0\x9f\x99\x82\n");
    JsonValue big;
    REQUIRE(json_parse("18446744073709551615", 20, &big) == "");
    CHECK(big.as_u64(&u));
    CHECK(u == UINT64_MAX);
    REQUIRE(json_parse("18446744073709551616", 20, &big) == "");
    CHECK_FALSE(big.as_u64(&u));
    for (const char* bad : {"", "{", "[1,]", "01", "1.", "-", "\"\\x\"", "\"\\ud800\"", "\"a", "tru", "{\"a\" 1}", "[1 2]",
                            "\"\x01\"", "1 2", "{'a':1}", "NaN", "[\"\\udc00\"]"}) {
        CHECK(json_parse(bad, std::strlen(bad), &v) != "");
    }
    CHECK(json_quote("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
    CHECK(json_quote("\xff") == "\"\xEF\xBF\xBD\"");
    const std::string q = json_quote("é🙂\t");
    REQUIRE(json_parse(q.data(), q.size(), &v) == "");
    CHECK(v.text == "é🙂\t");
    CHECK(json_number(3.0) == "3");
    CHECK(json_number(std::nan("")) == "null");
    CHECK(json_number(0.1f) == "0.100000001");  // float digits, round-trips as float
}
