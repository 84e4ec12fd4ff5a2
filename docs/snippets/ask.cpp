// SPDX-License-Identifier: Apache-2.0
// The examples of docs/ask.md, each between its two `// [name]` markers. Compiled with the
// other snippets; not run yet (the emulator does not serve data asking yet).

#include <moi/moi.hpp>

#include <iostream>
#include <string>
#include <vector>

int main() {
  try {
    moi::Client client(moi::ClientOptions::from_env());

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
