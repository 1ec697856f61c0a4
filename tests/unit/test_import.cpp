#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "reqtriage/config.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/importer.hpp"

using namespace reqtriage;

namespace {

struct Read {
  std::vector<ImportRow> rows;
  std::size_t invalid = 0;
  std::vector<std::string> problems;
  std::vector<ProblemKind> kinds;
};

// Feeds the text `piece` bytes at a time, as a stream would arrive.
Read read(const std::string& text, std::size_t piece = 1 << 16, ImportSettings settings = {}) {
  static const auto config = default_config();
  ImportReader reader("t.csv", config, settings);
  Read result;
  for (std::size_t at = 0; at < text.size(); at += piece) reader.feed(std::string_view(text).substr(at, piece), result.rows);
  reader.finish(result.rows);
  result.invalid = reader.invalid_rows();
  result.problems = reader.first_problems();
  result.kinds = reader.problem_kinds();
  return result;
}

}  // namespace

TEST_CASE("a file fed in pieces of any size reads the same", "[import]") {
  std::string text = "title,account,note\n\"SSO, with Okta\",Acme,\"two\nlines\"\nAudit log,Beta,x\n";
  auto whole = read(text);
  REQUIRE(whole.rows.size() == 2);
  for (std::size_t piece : {1, 2, 3, 7, 16}) {
    auto pieces = read(text, piece);
    REQUIRE(pieces.rows.size() == 2);
    CHECK(pieces.rows[0].request.title == "SSO, with Okta");
    CHECK(pieces.rows[0].ask.note == "two\nlines");
    CHECK(pieces.rows[1].import_key == whole.rows[1].import_key);
  }
}

TEST_CASE("rows of one file are never merged with each other", "[import]") {
  auto same = read("title,account,value\nSSO,Acme,50k\nSSO,Acme,70k\nSSO,Acme,90k\n");
  REQUIRE(same.rows.size() == 3);
  CHECK(same.rows[1].import_key == same.rows[0].import_key + "#2");
  CHECK(same.rows[2].import_key == same.rows[0].import_key + "#3");
  auto ids = read("id,title\nOPP-1,SSO\nOPP-1,SAML\n");
  CHECK(ids.rows.size() == 1);
  CHECK(ids.invalid == 1);
  CHECK(ids.problems.at(0) == "row 3, column \"id\": the id 'OPP-1' is also on row 2: an id names one ask, so one of "
                               "the two would be lost");
}

TEST_CASE("columns that match no field are refused unless ignored", "[import]") {
  CHECK_THROWS_WITH(read("Title,Company name,Pipeline,Stage 2\nSSO,Acme,x,y\n"),
                    Catch::StartsWith("t.csv: 2 columns match no field: \"Pipeline\", \"Stage 2\"; nothing was imported"));
  CHECK(read("Title,Company name,Pipeline\nSSO,Acme,x\n", 1 << 16, {nullptr, 0, {"pipeline"}, false}).rows.size() == 1);
  CHECK(read("Title,Pipeline\nSSO,x\n", 1 << 16, {nullptr, 0, {}, true}).rows.at(0).request.title == "SSO");
  // reqtriage's own exports import back: what it computes is left out.
  CHECK(read("ask_id,request_id,request_title,value_USD,created_at\n1,1,SSO,5,2026-11-27T10:00:00Z\n").rows.size() == 1);
  CHECK_THROWS_WITH(read("title,value,VALUE\nSSO,1,2\n"), Catch::Contains("columns 2 and 3 are both named \"VALUE\""));
}

TEST_CASE("CRM export headers are recognised", "[import]") {
  auto hubspot = read("Feature Request,Company name,Deal owner,Amount,Deal Stage,Close Date,Record ID\n"
                      "SSO,Acme,dana,5000,lead,2027-01-15 00:00,42\n");
  REQUIRE(hubspot.rows.size() == 1);
  const auto& row = hubspot.rows[0];
  CHECK(row.ask.account == "Acme");
  CHECK(row.ask.rep == "dana");
  CHECK(row.ask.close_date == "2027-01-15");
  CHECK(row.import_key == "id:42");
  auto pipedrive = read("Request,Deal - Organization,Deal - Value,Deal - Expected close date\nSSO,Acme,10,2027-01-15T08:00:00Z\n");
  CHECK(pipedrive.rows.at(0).ask.close_date == "2027-01-15");
}

TEST_CASE("every problem of a row, and a summary by kind with the fix", "[import]") {
  std::string text = "title,stage,close,value\n";
  for (int i = 0; i < 30; ++i) text += "X" + std::to_string(i) + ",Qualification,3/14/2027,5k\n";
  text += ",lead,2027-01-01,12x\n";
  auto result = read(text);
  CHECK(result.rows.empty());
  CHECK(result.invalid == 31);
  CHECK(result.problems.size() == ImportReader::shown_problems);
  CHECK(result.problems[0] == "row 2, column \"stage\": unknown stage 'Qualification': expected one of closed_lost, "
                              "lead, qualified, proposal, negotiation, commit, closed_won");
  CHECK(result.problems[1].starts_with("row 2, column \"close\": invalid date '3/14/2027'"));
  REQUIRE(result.kinds.size() == 4);
  CHECK(result.kinds[0].count == 30);
  bool date_hint = false;
  for (const auto& kind : result.kinds) {
    if (kind.kind == "column \"close\": invalid date") {
      date_hint = kind.hint == "dates look like M/D/YYYY: give --map with a map that says dates = \"us\"";
      CHECK(kind.first_row == 2);
      CHECK(kind.examples == std::vector<std::string>{"3/14/2027"});
    }
  }
  CHECK(date_hint);
}

TEST_CASE("text that is not UTF-8 CSV is refused at once", "[import]") {
  CHECK_THROWS_WITH(read(std::string("\xFF\xFEt\0i\0", 6)), Catch::Contains("the file is UTF-16, not UTF-8"));
  CHECK_THROWS_WITH(read(std::string("title\nA\0B\n", 10)), Catch::Contains("a NUL byte"));
  CHECK_THROWS_WITH(read("\"" + std::string(5 << 20, 'x')), Catch::Contains("a record over 4 MiB long"));
  CHECK_THROWS_WITH(read(""), "t.csv: the file is empty; expected a header row");
}

TEST_CASE("a suggested map places CRM stages by meaning and an opportunity repeated over features as the deal",
          "[import]") {
  auto config = default_config();
  std::string text =
      "Opportunity ID,Feature Request,Account Name,Stage\n"
      "OPP-1,SSO,Acme,Negotiation/Review\nOPP-1,Audit log,Acme,Negotiation/Review\n"
      "OPP-2,SSO,Beta,Proposal/Price Quote\nOPP-3,SSO,Gamma,Contract Sent\n"
      "OPP-4,SSO,Delta,Decision Maker Bought-In\nOPP-5,SSO,Eta,Closed Lost\nOPP-6,SSO,Zeta,Stage 7B\n";
  std::FILE* in = fmemopen(text.data(), text.size(), "r");
  auto map = suggest_import_map(in, "t.csv", "crm", config, 0);
  std::fclose(in);
  CHECK_THAT(map, Catch::Contains("deal = \"Opportunity ID\""));
  CHECK_THAT(map, !Catch::Contains("id = \"Opportunity ID\""));
  CHECK_THAT(map, Catch::Contains("\"Negotiation/Review\" = \"negotiation\""));
  CHECK_THAT(map, Catch::Contains("\"Proposal/Price Quote\" = \"proposal\""));
  CHECK_THAT(map, Catch::Contains("\"Contract Sent\" = \"commit\""));
  CHECK_THAT(map, Catch::Contains("\"Decision Maker Bought-In\" = \"negotiation\""));
  CHECK_THAT(map, !Catch::Contains("Closed Lost"));  // the config knows it: closed_lost
  // One it cannot place is left for the PM, never guessed.
  CHECK_THAT(map, Catch::Contains("# \"Stage 7B\" = \"?\""));
  CHECK(load_config_text(map, "suggested.toml").import_maps.at("crm").columns.at("deal") == "Opportunity ID");
}

TEST_CASE("a suggested map maps what it recognises and says what it guessed", "[import]") {
  auto config = default_config();
  std::string text = "Feature Request;Account Name;Stage;Close Date;Amount;Deal Name\n"
                     "SSO;Acme;Prospecting;31/12/2026;1.200,50;Q1\nSSO;Beta;Closed Won;1/1/2027;5;Q2\n";
  std::FILE* in = fmemopen(text.data(), text.size(), "r");
  auto map = suggest_import_map(in, "t.csv", "crm", config, 0);
  std::fclose(in);
  CHECK_THAT(map, Catch::Contains("[import.maps.crm]\ntitle = \"Feature Request\"\naccount = \"Account Name\"\n"
                                  "stage = \"Stage\"\nclose = \"Close Date\"\nvalue = \"Amount\"\n"));
  CHECK_THAT(map, Catch::Contains("# Not imported (map one with FIELD = \"Header\"): \"Deal Name\""));
  CHECK_THAT(map, Catch::Contains("dates = \"eu\""));
  CHECK_THAT(map, Catch::Contains("decimal = \"comma\""));
  CHECK_THAT(map, Catch::Contains("delimiter = \";\""));
  CHECK_THAT(map, !Catch::Contains("Closed Won"));  // the config's closed_won, in other words
  CHECK_THAT(map, Catch::Contains("\"Prospecting\" = \"lead\""));
  // What it writes is a config that reads.
  auto checked = load_config_text(map, "suggested.toml");
  CHECK(checked.import_maps.at("crm").dates == DateOrder::eu);
}
