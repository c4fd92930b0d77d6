// The checkpoints shipped in assets/models/ (trained by scripts/train_assets.sh): each loads, has
// the configuration and tokenizer its index entry and model card announce, and has learned its
// data: its loss on the validation split (the last 10% of the data file, never trained on) is
// far below ln(V), the loss of random weights.
#include <catch2/catch.hpp>

#include "checkpoint.h"
#include "data.h"
#include "json.h"
#include "safetensors.h"

#include <cmath>
#include <cstdlib>

using namespace ga;

namespace {

std::string models_dir() { return std::string(GA_SOURCE_DIR) + "/assets/models"; }

// The converted data sets live in the build tree (cmake/data.cmake defines GA_DATA_DIR for this
// binary); the environment variable GA_DATA_DIR overrides it (e.g. for a test binary run alone).
std::string data_dir() {
    if (const char* e = std::getenv("GA_DATA_DIR")) return e;
#ifdef GA_DATA_DIR
    return GA_DATA_DIR;
#else
    return "";
#endif
}

std::string read_text(const std::string& path) {
    std::vector<uint8_t> bytes;
    INFO(path);
    REQUIRE(read_file(path, &bytes) == "");
    return std::string(bytes.begin(), bytes.end());
}

int get_int(const JsonValue& o, const char* key) {
    INFO(key);
    const JsonValue* v = o.get(key);
    REQUIRE(v != nullptr);
    int64_t x = 0;
    REQUIRE(v->as_i64(&x));
    return int(x);
}

std::string get_str(const JsonValue& o, const char* key) {
    INFO(key);
    const JsonValue* v = o.get(key);
    REQUIRE(v != nullptr);
    REQUIRE(v->type == JSON_STRING);
    return v->text;
}

// Mean loss over the whole split in consecutive, non-overlapping windows of T+1 tokens (each
// window starts without context, like the random windows of training), B windows per forward.
double split_loss(GPT* m, const std::vector<int>& split, int T) {
    const int B = 16;
    const size_t n_windows = (split.size() - 1) / size_t(T);
    std::vector<int> in((size_t)B * T), tg((size_t)B * T);
    double sum = 0.0;
    size_t count = 0;
    for (size_t w0 = 0; w0 < n_windows; w0 += B) {
        const int b_n = (int)std::min(size_t(B), n_windows - w0);
        for (int b = 0; b < b_n; b++)
            for (int t = 0; t < T; t++) {
                const size_t i = (w0 + b) * size_t(T) + t;
                in[(size_t)b * T + t] = split[i];
                tg[(size_t)b * T + t] = split[i + 1];
            }
        m->forward(in.data(), tg.data(), b_n, T);
        sum += double(m->loss) * b_n;
        count += b_n;
    }
    return count ? sum / double(count) : -1.0;
}

} // namespace

TEST_CASE("pretrained checkpoints: index, configs, tokenizers", "[pretrained]") {
    const std::string index = read_text(models_dir() + "/index.json");
    JsonValue idx;
    REQUIRE(json_parse(index.data(), index.size(), &idx) == "");
    const JsonValue* models = idx.get("models");
    REQUIRE(models != nullptr);
    REQUIRE(models->type == JSON_ARRAY);
    REQUIRE(models->items.size() >= 2);
    const std::string def = get_str(idx, "default");
    bool default_found = false;
    size_t smallest = SIZE_MAX, largest = 0;
    for (const JsonValue& e : models->items) {
        const std::string name = get_str(e, "name");
        INFO("model " << name);
        default_found |= name == def;
        for (const char* k : {"description_en", "description_fr", "data", "card", "file"}) CHECK(!get_str(e, k).empty());
        Checkpoint ck;
        const std::string path = models_dir() + "/" + get_str(e, "file");
        REQUIRE(checkpoint_load_file(path, &ck) == "");
        const JsonValue* c = e.get("config");
        REQUIRE(c != nullptr);
        CHECK(ck.model.cfg.n_layer == get_int(*c, "n_layer"));
        CHECK(ck.model.cfg.n_head == get_int(*c, "n_head"));
        CHECK(ck.model.cfg.n_embd == get_int(*c, "n_embd"));
        CHECK(ck.model.cfg.n_ctx == get_int(*c, "n_ctx"));
        CHECK(ck.model.cfg.vocab_size == get_int(*c, "vocab_size"));
        CHECK((int64_t)param_count(ck.model.cfg) == get_int(e, "params"));
        CHECK(ck.model.params.size() == param_count(ck.model.cfg));
        smallest = std::min(smallest, ck.model.params.size());
        largest = std::max(largest, ck.model.params.size());
        // a char tokenizer whose alphabet is the data set's (the CLI built it from the text)
        REQUIRE(ck.tokenizer.kind == TOK_CHAR);
        CHECK(ck.tokenizer.vocab_size() == ck.model.cfg.vocab_size);
        CHECK(ck.metadata.count("train_seed") == 1);
        CHECK(ck.metadata.count("train_steps") == 1);
        // the model card exists next to the checkpoint and names the figures the test checks
        const std::string card = read_text(models_dir() + "/" + get_str(e, "card"));
        CHECK(card.find("Validation loss") != std::string::npos);
        CHECK(card.find("scripts/train_assets.sh") != std::string::npos);
    }
    CHECK(default_found);
    // "a tiny one of a few tens of thousands of parameters and a larger one of a few hundred thousand"
    CHECK(smallest >= 10000);
    CHECK(smallest < 100000);
    CHECK(largest >= 100000);
    CHECK(largest < 1000000);
}

TEST_CASE("pretrained checkpoints: validation loss far below random weights", "[pretrained]") {
    const std::string index = read_text(models_dir() + "/index.json");
    JsonValue idx;
    REQUIRE(json_parse(index.data(), index.size(), &idx) == "");
    const std::string ddir = data_dir();
    INFO("data sets: " << ddir << " (built by the ga_data target, cmake/data.cmake; or set GA_DATA_DIR)");
    REQUIRE(!ddir.empty());
    for (const JsonValue& e : idx.get("models")->items) {
        const std::string name = get_str(e, "name");
        INFO("model " << name);
        Checkpoint ck;
        REQUIRE(checkpoint_load_file(models_dir() + "/" + get_str(e, "file"), &ck) == "");
        const std::string text = read_text(ddir + "/" + get_str(e, "data") + ".txt");
        Tokenizer from_text;
        REQUIRE(tokenizer_char_from_text(text, &from_text) == "");
        CHECK(from_text.chars == ck.tokenizer.chars);
        Dataset d;
        const int T = ck.model.cfg.n_ctx;
        REQUIRE(dataset_from_text(name, text, ck.tokenizer, T, &d) == "");

        const double ln_v = std::log((double)ck.model.cfg.vocab_size);
        const double val = split_loss(&ck.model, d.val, T);
        INFO("validation loss " << val << ", ln V = " << ln_v);
        CHECK(val > 0.0);
        CHECK(val < 0.6 * ln_v);
        // the index's (and the card's) figure is the CLI's estimate on random windows
        const JsonValue* rec = e.get("val_loss");
        REQUIRE(rec != nullptr);
        CHECK(std::fabs(val - rec->as_double()) < 0.1);

        // the same architecture with random weights predicts roughly uniformly: loss ≈ ln V
        GPT rnd;
        REQUIRE(rnd.init(ck.model.cfg) == "");
        rnd.init_random(1);
        const double rnd_val = split_loss(&rnd, d.val, T);
        INFO("random weights: " << rnd_val);
        CHECK(std::fabs(rnd_val - ln_v) < 0.25);
        CHECK(val < rnd_val - 1.0);
    }
}
