// Exports are written one report at a time: each is in the output before the next is read, and what
// comes out is what the whole list written at once gave.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "bot/runtime/report_exporter.h"
#include "tests/support/exported_text.h"

using namespace intake;

namespace {

storage::report_record submission(const std::string& ticket, const std::string& flow, std::int64_t at_ms) {
  storage::report_record r;
  r.ticket = r.form_id = ticket;
  r.flow_id = flow;
  r.flow_version = "v1";
  r.user_id = "owner-" + ticket;
  r.channel = "terminal";
  r.status = "new";
  r.created_at_ms = at_ms;
  r.company_name = "公司" + ticket;
  r.contact_phone = "13800138000";
  r.answers_json = R"({"employees": 12, "description": "第一行\n第二行 \"引号\""})";
  r.names_json = "{}";
  return r;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("A JSON export written one report at a time reads exactly as the whole array dumped at once", "[runtime][export]") {
  const runtime::flow_schemas schemas({});
  std::vector<storage::report_record> reports;
  for (std::size_t count : {0, 1, 3}) {
    while (reports.size() < count) reports.push_back(submission("R2020030" + std::to_string(reports.size() + 1) + "-AAAAAA", "report", 1000));
    nlohmann::ordered_json whole = nlohmann::ordered_json::array();
    for (const auto& r : reports) whole.push_back(runtime::report_to_json(r, false, schemas));
    CHECK(testing::exported_json(reports, schemas) == whole.dump(2) + "\n");
  }
}

TEST_CASE("Each report is in the export before the next one is read", "[runtime][export]") {
  const runtime::flow_schemas schemas({});
  const std::vector<storage::report_record> reports{submission("R1", "report", 1000), submission("R2", "report", 2000),
                                                    submission("R3", "report", 3000)};
  for (const bool csv : {false, true}) {
    std::ostringstream out;
    std::vector<std::string> missing;  // tickets not in the output when the next report was handed over
    const runtime::report_source source = [&](const runtime::report_visitor& visit) {
      for (std::size_t i = 0; i < reports.size(); ++i) {
        if (i > 0 && out.str().find(reports[i - 1].ticket) == std::string::npos) missing.push_back(reports[i - 1].ticket);
        visit(reports[i]);
      }
    };
    if (csv)
      runtime::write_reports_csv(source, "report", schemas, out);
    else
      runtime::write_reports_json(source, schemas, out);
    INFO((csv ? "csv" : "json"));
    CHECK(missing.empty());
    CHECK(out.str().find("R3") != std::string::npos);
  }
}

TEST_CASE("A workbook written row by row keeps each flow's rows on its own sheet in order, however the flows alternate", "[runtime][export]") {
  const runtime::flow_schemas schemas({});
  std::vector<storage::report_record> reports;
  for (int i = 1; i <= 6; ++i) reports.push_back(submission((i % 2 ? "R" : "YG") + std::to_string(i), i % 2 ? "report" : "labour_needs", i * 1000));
  const auto directory = std::filesystem::temp_directory_path() / ("intake-xlsx-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  const auto path = directory / "both.xlsx";
  runtime::write_reports_xlsx(runtime::source_of(reports), schemas, nullptr, path.string());
  // Read back as a spreadsheet program would, with Python's standard library.
  const std::string script =
      "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); "
      "[print(n, z.read(n).decode()) for n in ('xl/workbook.xml','xl/worksheets/sheet1.xml','xl/worksheets/sheet2.xml')]";
  const auto listing = directory / "sheets.txt";
  const std::string command = "python3 -c \"" + script + "\" " + path.string() + " > " + listing.string();
  REQUIRE(std::system(command.c_str()) == 0);
  const std::string text = slurp(listing);
  const auto first = text.find("xl/worksheets/sheet1.xml"), second = text.find("xl/worksheets/sheet2.xml");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  const std::string sheet1 = text.substr(first, second - first), sheet2 = text.substr(second);
  CHECK(sheet1.find("<t>R1</t>") < sheet1.find("<t>R3</t>"));
  CHECK(sheet1.find("<t>R3</t>") < sheet1.find("<t>R5</t>"));
  CHECK(sheet1.find("<t>R5</t>") != std::string::npos);
  CHECK(sheet1.find("YG") == std::string::npos);
  CHECK(sheet2.find("<t>YG2</t>") < sheet2.find("<t>YG4</t>"));
  CHECK(sheet2.find("<t>YG4</t>") < sheet2.find("<t>YG6</t>"));
  CHECK(sheet2.find("<t>YG6</t>") != std::string::npos);
  CHECK(sheet1.find("<autoFilter ref=\"A1:") != std::string::npos);
  // No temporary file of the rows is left beside the workbook.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) ++files;
  CHECK(files == 2);
  std::filesystem::remove_all(directory);
}

TEST_CASE("A workbook that cannot be created says so instead of writing nothing", "[runtime][export]") {
  const runtime::flow_schemas schemas({});
  CHECK_THROWS_AS(runtime::write_reports_xlsx(runtime::source_of({}), schemas, nullptr, "/nonexistent-directory/x.xlsx"),
                  runtime::export_file_error);
}
