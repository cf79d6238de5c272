// A database whose transcript index file is far behind it, as after an old copy of the index file
// was restored: 1,000 lines indexed (owners asking about 贷款延期) of 6,000 (then 房租减免), more than
// a search indexes itself. The index file's write lock stays held until release(), so that no
// index thread (a server's, a CLI's) can catch up before the test has looked.
// Built through the product's storage. Not thread-safe; throws like storage and SQLite.
#pragma once
#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bot/text/search_terms.h"
#include "storage/sqlite_store.h"
#include "storage/transcript_index.h"

namespace intake::testing {

class lagging_index {
 public:
  static constexpr std::int64_t indexed_lines = 1000;
  static constexpr std::int64_t total_lines = 6000;

  explicit lagging_index(const std::string& db_path) : index_file_(storage::transcript_index::path_for(db_path)) {
    const std::string old_copy = db_path + ".old-index";
    {
      storage::sqlite_store store(db_path);
      keep_turns(store, "申请贷款延期", 0, indexed_lines / 2);
      index_everything(store);
    }
    std::filesystem::copy_file(index_file_, old_copy, std::filesystem::copy_options::overwrite_existing);
    {
      storage::sqlite_store store(db_path);
      keep_turns(store, "希望房租减免", indexed_lines / 2, (total_lines - indexed_lines) / 2);
      index_everything(store);
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(index_file_ + suffix);
    std::filesystem::rename(old_copy, index_file_);
    blocker_ = std::make_unique<SQLite::Database>(index_file_, SQLite::OPEN_READWRITE);
    blocker_->exec("BEGIN IMMEDIATE");
  }

  void release() {
    if (blocker_) blocker_->exec("ROLLBACK");
    blocker_.reset();
  }

 private:
  // Owner n says `said` (with its number) and the bot answers; lines 2n + 1 and 2n + 2.
  static void keep_turns(storage::sqlite_store& store, const std::string& said, int first, int count) {
    std::vector<storage::turn_record> turns;
    for (int n = first; n < first + count; ++n) {
      storage::turn_record turn;
      turn.user_id = "ws:owner-" + std::to_string(n);
      turn.channel = "websocket";
      turn.state_json = "{}";
      turn.now_ms = 1583020800000 + n;
      const std::string text = said + "，第" + std::to_string(n) + "号";
      turn.lines = {{turn.user_id, "in", "websocket", text, turn.now_ms, "", text::search_terms(text)},
                    {turn.user_id, "out", "websocket", "收到", turn.now_ms, "", ""}};
      turns.push_back(std::move(turn));
    }
    std::vector<const storage::turn_record*> group;
    for (const auto& turn : turns) group.push_back(&turn);
    store.commit_turns(group);
    store.catch_up_indexes();
  }

  static void index_everything(storage::sqlite_store& store) {
    store.build_due_index_batch();
    store.search_transcript("\"收到\"", 1);  // and the tail shorter than a batch
  }

  std::string index_file_;
  std::unique_ptr<SQLite::Database> blocker_;
};

}  // namespace intake::testing
