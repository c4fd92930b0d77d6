// The page's URL query and postMessage envelopes (src/app/page_request.h): what a teacher's link
// or an embedding course page sends is read by one rule, refused with one escaped line in both
// languages, and never reaches a command in a form that command could not take.
#include <catch2/catch.hpp>

#include "hparams.h"
#include "page_request.h"
#include "quote.h"

#include <cstring>
#include <string>

using namespace ga::app;

namespace {
bool one_line(const Msg& m) { return ga::message_is_safe(m.en) && ga::message_is_safe(m.fr); }
Msg message(const std::string& json) {
    PageMessage m;
    return parse_page_message(json.data(), json.size(), &m);
}
} // namespace

TEST_CASE("numbers typed the French way read the same as the English way", "[page]") {
    double v = 0;
    REQUIRE(parse_user_number("0,01", &v));
    CHECK(v == 0.01);
    REQUIRE(parse_user_number(" 0.01 ", &v));
    CHECK(v == 0.01);
    REQUIRE(parse_user_number("-2", &v));
    CHECK(v == -2);
    REQUIRE(parse_user_number("1e-3", &v));
    CHECK(v == 0.001);
    REQUIRE(parse_user_number("3,5E2", &v));
    CHECK(v == 350);
    for (const char* bad : {"", " ", "0x10", "inf", "nan", "1,000.5", "1.0.0", "5 steps", "1e", "--1", ",", "1e999"})
        CHECK_FALSE(parse_user_number(bad, &v));
}

TEST_CASE("the URL query decodes as the browser's URLSearchParams does", "[page]") {
    const auto q = split_query("?a=1&b=x+y&c=%41%2c&d&&e=%zz&f=%4");
    REQUIRE(q.size() == 6);
    CHECK(q[0].name == "a");
    CHECK(q[0].value == "1");
    CHECK(q[1].value == "x y");
    CHECK(q[2].value == "A,");
    CHECK(q[3].name == "d");
    CHECK(q[3].value.empty());
    CHECK(q[4].value == "%zz");   // a malformed escape stays as written
    CHECK(q[5].value == "%4");
    bool cut = false;
    std::string many;
    for (int i = 0; i < 100; i++) many += "p" + std::to_string(i) + "=1&";
    CHECK(split_query(many, &cut).size() == kMaxQueryParams);
    CHECK(cut);
}

TEST_CASE("a teacher's link is read into checked values", "[page]") {
    const PageQuery q = parse_page_query("?model=words-fr-tiny&lang=fr&lecture=1&panel=training,inspector&lr=0,01&speed=4&embed");
    CHECK(q.problems.empty());
    REQUIRE(q.find("lr"));
    CHECK(q.find("lr")->number == 0.01);
    CHECK(q.find("lang")->text == "fr");
    CHECK(q.find("lecture")->flag);
    CHECK(q.find("embed")->flag);        // a bare ?embed is on
    CHECK(q.find("panel")->text == "training,inspector");
    CHECK(q.find("model")->text == "words-fr-tiny");
    CHECK(q.find("speed")->number == 4);
    CHECK_FALSE(q.find("tensor"));
}

TEST_CASE("the URL wins over the page's defaults, the first occurrence over later ones", "[page]") {
    const PageQuery q = parse_page_query("lang=fr&lang=en&embed=0", "embed=1&panel=heatmap");
    CHECK(q.find("lang")->text == "fr");
    CHECK_FALSE(q.find("embed")->flag);
    CHECK(q.find("panel")->text == "heatmap");
}

TEST_CASE("refused URL values are named, escaped, worded in both languages and not kept", "[page]") {
    const PageQuery q = parse_page_query("?lr=-1&batch=0&lang=de&panel=nope&view=%0A&model=a%0Db&origins=javascript:alert(1)"
                                         "&autoplay=maybe&seed=1.5&budget=100000&speed=0&memory=1");
    CHECK(q.params.empty());
    CHECK(q.problems.size() == 12);
    for (const Msg& m : q.problems) {
        CHECK(one_line(m));
        CHECK(m.fr.find("Paramètre d'URL") == 0);
    }
    // the model name with a CR is shown escaped, not carried out on a new line
    bool found = false;
    for (const Msg& m : q.problems) found = found || m.en.find("model=a\\rb") != std::string::npos;
    CHECK(found);
}

TEST_CASE("every setting a URL can give is checked by the setting's own rule", "[page]") {
    // the same boundaries as src/core/hparams.h: lr in (0, 10], batch a whole number >= 1
    CHECK(parse_page_query("lr=10").find("lr"));
    CHECK_FALSE(parse_page_query("lr=10.5").find("lr"));
    CHECK_FALSE(parse_page_query("lr=0").find("lr"));
    CHECK(parse_page_query("batch=8").find("batch"));
    CHECK_FALSE(parse_page_query("batch=2,5").find("batch"));
    CHECK(parse_page_query("budget=50").find("budget"));
    CHECK_FALSE(parse_page_query("budget=51").find("budget"));
}

TEST_CASE("hostile URL values give one short line", "[page]") {
    const std::string big(10240, 'x');
    for (const std::string& v : {std::string("n_h%0Aead"), std::string("evil%0DOK"), std::string("a%00b"), std::string("bad%FF%FE"),
                                 std::string("%E2%80%AEfed"), big}) {
        const PageQuery q = parse_page_query("model=" + v + "&tensor=" + v);
        CHECK_FALSE(q.find("model"));
        CHECK_FALSE(q.find("tensor"));
        REQUIRE(q.problems.size() == 2);
        for (const Msg& m : q.problems) {
            CHECK(one_line(m));
            CHECK(m.en.size() < 300);
        }
    }
}

TEST_CASE("a likely typo of a parameter is pointed out, other unknown names are ignored", "[page]") {
    const PageQuery q = parse_page_query("modle=kjv&utm_source=newsletter&fbclid=abc");
    REQUIRE(q.problems.size() == 1);
    CHECK(q.problems[0].en.find("did you mean model?") != std::string::npos);
    CHECK(one_line(q.problems[0]));
}

TEST_CASE("the page's thread and service-worker switches are flags like the others", "[page]") {
    // web/anatomy.js reads them before the app runs; the app checks them for the banner
    const PageQuery off = parse_page_query("?threads=0&sw=off");
    CHECK(off.problems.empty());
    REQUIRE(off.find("threads"));
    CHECK_FALSE(off.find("threads")->flag);
    REQUIRE(off.find("sw"));
    CHECK_FALSE(off.find("sw")->flag);
    CHECK(parse_page_query("threads=1").find("threads")->flag);
    const PageQuery bad = parse_page_query("threads=4&sw=maybe");
    CHECK_FALSE(bad.find("threads"));
    CHECK_FALSE(bad.find("sw"));
    CHECK(bad.problems.size() == 2);
    for (const Msg& m : bad.problems) CHECK(one_line(m));
    // a near miss is pointed at the switch, not ignored
    const PageQuery typo = parse_page_query("thread=0");
    REQUIRE(typo.problems.size() == 1);
    CHECK(typo.problems[0].en.find("did you mean threads?") != std::string::npos);
}

TEST_CASE("origins are exact scheme://host[:port], null or *", "[page]") {
    CHECK(parse_page_query("origins=https://cours.example,http://localhost:8080,null,*,https://a.example/").find("origins"));
    CHECK_FALSE(parse_page_query("origins=javascript:alert(1)").find("origins"));
    CHECK_FALSE(parse_page_query("origins=https://a.example/path").find("origins"));
    CHECK_FALSE(parse_page_query("origins=https://:80").find("origins"));
}

TEST_CASE("panel lists: known names and aliases, unknown ones refused", "[page]") {
    unsigned m = 0;
    CHECK(parse_panel_list("training, inspector,,map,parameters", &m).empty());
    CHECK(m == (1u << PANEL_TRAINING | 1u << PANEL_INSPECTOR | 1u << PANEL_MODEL_MAP | 1u << PANEL_PARAMS));
    unsigned keep = 7;
    const Msg why = parse_panel_list("training,bogus\n", &keep);
    CHECK(keep == 7);
    CHECK(one_line(why));
    CHECK(why.en.find("bogus\\n") != std::string::npos);
}

TEST_CASE("postMessage envelopes: known commands with arguments of the right types", "[page]") {
    CHECK(message(R"({"cmd":"step","args":[10]})").empty());
    CHECK(message(R"({"cmd":"state"})").empty());
    CHECK(message(R"({"cmd":"generate","args":"Il était"})").empty());      // one value = one argument
    CHECK(message(R"({"cmd":"load","args":[{"$bytes":1234},{"data":"words-fr"}]})").empty());
    CHECK(message(R"({"cmd":"load","args":[{"$file":"w.safetensors","size":99}]})").empty());
    CHECK(message(R"({"cmd":"setWeight","args":["h.0.mlp.c_fc.weight",[1,2],0.5]})").empty());
    CHECK(message(R"({"cmd":"setPanels","args":[["training","inspector"]]})").empty());
    CHECK(message(R"({"cmd":"reset","args":["random",null,null]})").empty());  // trailing undefined
    CHECK(message(R"({"cmd":"setLr","args":["0,01"]})").empty());             // typed text, read by the command
    PageMessage out;
    const std::string ok = R"({"cmd":"predict","args":["le ch",5]})";
    REQUIRE(parse_page_message(ok.data(), ok.size(), &out).empty());
    CHECK(out.cmd == "predict");
    CHECK(out.n_args == 2);
}

TEST_CASE("postMessage envelopes that no command could take are refused in one line", "[page]") {
    for (const char* bad : {
             R"({"cmd":"eval\n\u202e","args":[]})", R"({"cmd":"setLr","args":[{"x":1}]})", R"({"cmd":"step","args":[1,2]})",
             R"({"cmd":"setWeight","args":["t",[1,2,3],1]})", R"({"cmd":"teach","args":[]})", R"({"cmd":"load","args":[{"$bytes":-1}]})",
             R"({"cmd":"state","id":3})", R"([1,2])", R"({"cmd":5})", "{\"cmd\":\"step\"", "\xff\xfe", R"({"cmd":"select","args":[true]})"}) {
        PageMessage out;
        out.cmd = "untouched";
        const Msg why = parse_page_message(bad, std::strlen(bad), &out);
        CHECK_FALSE(why.empty());
        CHECK(one_line(why));
        CHECK(out.cmd == "untouched");
    }
    CHECK(message(R"({"cmd":"eval","args":[]})").en.find("unknown command 'eval'") != std::string::npos);
    CHECK(message(R"({"cmd":"setLr","args":[{"x":1}]})").fr.find("l'argument 1 de setLr doit être") != std::string::npos);
}
