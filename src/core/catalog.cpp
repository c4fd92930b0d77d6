// Strict readers of the shipped-asset indexes (see catalog.h).
#include "catalog.h"
#include "json.h"
#include "quote.h"
#include <cmath>
#include <unordered_set>

namespace ga {

namespace {

// Index files are a few KB; 4 MB is generous and bounds the parse of a hostile one.
constexpr size_t kMaxIndexBytes = size_t(4) << 20;
constexpr size_t kMaxEntries = 10000;

// Optional string member: absent is fine, anything but a string is an error.
bool opt_string(const JsonValue& o, const char* key, std::string* out, std::string* err, const std::string& where) {
    const JsonValue* v = o.get(key);
    if (!v) return true;
    if (v->type != JSON_STRING) { *err = where + ": " + key + " is not a string"; return false; }
    *out = v->text;
    return true;
}

bool opt_bytes(const JsonValue& o, double* out, std::string* err, const std::string& where) {
    const JsonValue* v = o.get("bytes");
    if (!v) return true;
    const double d = v->type == JSON_NUMBER ? v->as_double() : -1.0;
    if (!(d >= 0.0 && d < 1e15)) { *err = where + ": bytes is not a non-negative number"; return false; }
    *out = d;
    return true;
}

bool entry_name(const JsonValue& o, std::string* name, std::string* err, const std::string& where) {
    const JsonValue* v = o.get("name");
    if (!v || v->type != JSON_STRING) { *err = where + ": needs a string name"; return false; }
    if (!catalog_plain_name(v->text)) {
        *err = where + ": name " + quote(v->text) + " is not a plain name (letters, digits, '.', '_', '-', at most 64)";
        return false;
    }
    *name = v->text;
    return true;
}

bool entry_file(const JsonValue& o, std::string* file, std::string* err, const std::string& where) {
    const JsonValue* v = o.get("file");
    if (!v || v->type == JSON_NULL) return true;  // synthetic data sets have "file": null
    if (v->type != JSON_STRING || !catalog_plain_name(v->text)) {
        *err = where + ": file " + (v->type == JSON_STRING ? quote(v->text) : std::string("(not a string)")) +
               " is not a plain file name in the same folder";
        return false;
    }
    *file = v->text;
    return true;
}

// The array under key of the root object, with a bounded number of object entries.
const JsonValue* entries_of(const JsonValue& root, const char* key, const char* what, std::string* err) {
    if (root.type != JSON_OBJECT) { *err = std::string(what) + ": not a JSON object"; return nullptr; }
    const JsonValue* a = root.get(key);
    if (!a || a->type != JSON_ARRAY) { *err = std::string(what) + ": no \"" + key + "\" array"; return nullptr; }
    if (a->items.size() > kMaxEntries) { *err = std::string(what) + ": more than " + std::to_string(kMaxEntries) + " entries"; return nullptr; }
    return a;
}

} // namespace

bool catalog_plain_name(const std::string& s) {
    if (s.empty() || s.size() > 64 || s == "." || s == ".." || s[0] == '.' || s[0] == '-') return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::string catalog_models_parse(const char* text, size_t size, std::vector<CatalogModel>* out, std::string* default_name) {
    if (size > kMaxIndexBytes) return "model index: larger than 4 MB";
    JsonValue root;
    std::string err = json_parse(text, size, &root, 16);
    if (!err.empty()) return "model index: " + err;
    const JsonValue* models = entries_of(root, "models", "model index", &err);
    if (!models) return err;
    std::string def;
    if (!opt_string(root, "default", &def, &err, "model index")) return err;
    std::vector<CatalogModel> list;
    std::unordered_set<std::string> seen;
    for (size_t i = 0; i < models->items.size(); i++) {
        const JsonValue& o = models->items[i];
        std::string where = "model index entry " + std::to_string(i);
        if (o.type != JSON_OBJECT) return where + ": not an object";
        CatalogModel m;
        if (!entry_name(o, &m.name, &err, where)) return err;
        where += " " + quote(m.name);
        if (!seen.insert(m.name).second) return where + ": the name appears twice";
        if (!entry_file(o, &m.file, &err, where)) return err;
        if (!opt_string(o, "data", &m.data, &err, where) || !opt_string(o, "title_en", &m.title_en, &err, where) ||
            !opt_string(o, "title_fr", &m.title_fr, &err, where) || !opt_bytes(o, &m.bytes, &err, where))
            return err;
        if (const JsonValue* c = o.get("config")) {
            if (c->type != JSON_OBJECT) return where + ": config is not an object";
            int* fields[] = {&m.config.n_layer, &m.config.n_head, &m.config.n_embd, &m.config.n_ctx, &m.config.vocab_size};
            const char* keys[] = {"n_layer", "n_head", "n_embd", "n_ctx", "vocab_size"};
            for (int k = 0; k < 5; k++) {
                const JsonValue* f = c->get(keys[k]);
                int64_t v = 0;
                if (!f || !f->as_i64(&v) || v < 1 || v > 2147483647LL)
                    return where + ": config " + keys[k] + " is not a positive integer";
                *fields[k] = int(v);
            }
            err = config_check(m.config);
            if (!err.empty()) return where + ": bad config: " + err;
            m.has_config = true;
        }
        list.push_back(std::move(m));
    }
    if (!def.empty() && !seen.count(def)) return "model index: default " + quote(def) + " is not one of the models";
    *out = std::move(list);
    *default_name = def;
    return {};
}

std::string catalog_datasets_parse(const char* text, size_t size, std::vector<CatalogDataset>* out) {
    if (size > kMaxIndexBytes) return "data index: larger than 4 MB";
    JsonValue root;
    std::string err = json_parse(text, size, &root, 16);
    if (!err.empty()) return "data index: " + err;
    const JsonValue* sets = entries_of(root, "datasets", "data index", &err);
    if (!sets) return err;
    std::vector<CatalogDataset> list;
    std::unordered_set<std::string> seen;
    for (size_t i = 0; i < sets->items.size(); i++) {
        const JsonValue& o = sets->items[i];
        std::string where = "data index entry " + std::to_string(i);
        if (o.type != JSON_OBJECT) return where + ": not an object";
        CatalogDataset d;
        if (!entry_name(o, &d.name, &err, where)) return err;
        where += " " + quote(d.name);
        if (!seen.insert(d.name).second) return where + ": the name appears twice";
        if (!entry_file(o, &d.file, &err, where)) return err;
        if (!opt_string(o, "kind", &d.kind, &err, where) || !opt_string(o, "description_en", &d.description_en, &err, where) ||
            !opt_string(o, "description_fr", &d.description_fr, &err, where) || !opt_bytes(o, &d.bytes, &err, where))
            return err;
        if (d.file.empty() && d.kind != "synthetic") return where + ": needs a file (only synthetic sets have none)";
        list.push_back(std::move(d));
    }
    *out = std::move(list);
    return {};
}

} // namespace ga
