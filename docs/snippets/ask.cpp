// SPDX-License-Identifier: Apache-2.0
// The examples of docs/ask.md, each between its two `// [name]` markers.
// ctest runs this program against a moi-emulator (test doc_snippet_ask): it first loads a
// table `orders` of database `sales` from a CSV file, so the question has data to count.

#include <moi/moi.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

// Database "sales" (catalog "shop") with table "orders" loaded from a CSV file.
void load_orders(const moi::Client& client) {
  char dir_pattern[] = "/tmp/moi-ask-snippet-XXXXXX";
  const std::string dir = ::mkdtemp(dir_pattern);
  const std::string path = dir + "/orders.csv";
  std::ofstream(path) << "id,customer,amount\n1,Ann,10.5\n2,Bob,20\n3,Ann,4.5\n";
  moi::LoadFilesRequest upload;
  upload.catalog_name = "shop";
  upload.database_name = "sales";
  upload.volume_name = "inbox";
  upload.files = {{path}};
  const moi::LoadedVolume loaded = moi::load_files(client, upload);
  std::remove(path.c_str());
  ::rmdir(dir.c_str());
  moi::CreateTableRequest table;
  table.database_id = loaded.database_id;
  table.name = "orders";
  const auto column = [](const char* name, const char* type) {
    moi::TableColumn c;
    c.name = name;
    c.type = type;
    return c;
  };
  table.columns = {column("id", "INT"), column("customer", "VARCHAR(32)"),
                   column("amount", "DOUBLE")};
  moi::TableLoadRequest load;
  load.id = client.tables().create_table(table);
  load.file_option = moi::Json{
      {"data_file_url", client.files().link(loaded.files.at(0).file_id).link.value_or("")},
      {"start_row", 2}};
  client.tables().load_table(load);
}

}  // namespace

int main() {
  try {
    moi::Client client(moi::ClientOptions::from_env());
    load_orders(client);

    // [ask]
    moi::DataAskingTables tables;
    tables.db_name = "sales";  // the service needs the database's name
    tables.table_list = std::vector<std::string>{"orders"};
    moi::DataAskingSource source;
    source.tables = tables;
    moi::DataAnalysisConfig config;
    config.data_source = source;
    config.data_scope = moi::DataAskingScope{};  // {"type": "all"}

    const moi::AskResult result = moi::ask(client.data_asking(), "How many rows in orders?", config,
                                           [](const moi::DataAskingEvent& event) {
                                             std::cout << moi::to_string(event.kind) << " "
                                                       << event.type << "\n";
                                           });
    std::cout << result.answer << "\n";
    if (result.sql) std::cout << "SQL: " << *result.sql << "\n";
    for (const auto& row : result.rows) std::cout << moi::Json(row).dump() << "\n";
    // [ask]

    // [analyze]
    moi::CancellationToken stop;  // stop.cancel() from another thread (or a signal handler)
    moi::CallOptions call;
    call.should_abort = stop.abort_check();
    call.timeout = std::chrono::seconds(30);  // idle: no byte for 30 s

    moi::AnalyzeRequest request;
    request.question = "Which customers ordered most last month?";
    request.config = config;
    const moi::AnalyzeOutcome outcome = client.data_asking().analyze(
        request,
        [](const moi::DataAskingEvent& event) {
          if (event.kind == moi::DataAskingEventKind::kAnswerChunk && event.text) {
            std::cout << *event.text << std::flush;
          } else if (event.kind == moi::DataAskingEventKind::kUnknown) {
            std::cerr << "(new event " << event.type << ": " << event.raw << ")\n";
          }
        },
        call);
    std::cout << "\nrequest " << outcome.request_id.value_or("?") << "\n";
    // [analyze]

    // [sql]
    moi::DataAskingClient asking = client.data_asking();
    const moi::RunSqlResult counted = asking.run_sql("SELECT COUNT(*) FROM `sales`.`orders`");
    for (const moi::SqlResult& table : counted.results) {
      for (const moi::SqlColumn& column : table.columns) std::cout << column.name << "\t";
      std::cout << "\n";
      for (const auto& row : table.rows) std::cout << moi::Json(row).dump() << "\n";
    }
    asking.show_databases();
    asking.show_tables("sales");
    asking.describe_table("sales", "orders");
    // [sql]

    // [knowledge]
    moi::KnowledgeRequest rule;
    rule.knowledge_type = "glossary";
    rule.knowledge_key = "GMV";
    rule.knowledge_value = std::vector<std::string>{"gross merchandise value: SUM(amount)"};
    rule.associate_tables = std::vector<std::string>{"orders"};
    const std::int64_t id = asking.create_knowledge(rule);
    moi::SearchKnowledgeRequest search;
    search.knowledge_key = "GMV";
    for (const moi::Knowledge& found : asking.search_knowledge(search).list) {
      std::cout << found.id.value_or(0) << " " << found.key.value_or("") << "\n";
    }
    asking.delete_knowledge(id);
    // [knowledge]
  } catch (const moi::Error& error) {
    std::cerr << error.what() << "\n";
    return 1;
  }
  return 0;
}
