#include "bot/server/server_metrics.h"

#include <sstream>

#include "storage/wal_batching_vfs.h"

namespace intake::server {

void server_metrics::turn_done(const std::string& channel, double seconds) {
  std::lock_guard lock(mutex_);
  ++turns_by_channel_[channel];
  for (std::size_t i = 0; i < buckets_.size(); ++i)
    if (seconds <= buckets_[i]) ++bucket_counts_[i];
  ++latency_count_;
  latency_sum_ += seconds;
}

void server_metrics::rejected(const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++rejected_by_reason_[reason];
}

std::string server_metrics::render(const storage::index_progress& search_index) const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP intake_turns_total Conversation turns processed, by channel.\n# TYPE intake_turns_total counter\n";
  for (const auto& [channel, count] : turns_by_channel_) out << "intake_turns_total{channel=\"" << channel << "\"} " << count << '\n';
  out << "# HELP intake_turn_duration_seconds Time from a message's arrival to its committed reply.\n"
         "# TYPE intake_turn_duration_seconds histogram\n";
  for (std::size_t i = 0; i < buckets_.size(); ++i)
    out << "intake_turn_duration_seconds_bucket{le=\"" << buckets_[i] << "\"} " << bucket_counts_[i] << '\n';
  out << "intake_turn_duration_seconds_bucket{le=\"+Inf\"} " << latency_count_ << '\n';
  out << "intake_turn_duration_seconds_sum " << latency_sum_ << '\n';
  out << "intake_turn_duration_seconds_count " << latency_count_ << '\n';
  out << "# HELP intake_active_connections Open HTTP and WebSocket connections.\n# TYPE intake_active_connections gauge\n";
  out << "intake_active_connections " << active_connections_.load() << '\n';
  out << "# HELP intake_rejected_requests_total Requests refused, by reason.\n# TYPE intake_rejected_requests_total counter\n";
  for (const auto& [reason, count] : rejected_by_reason_)
    out << "intake_rejected_requests_total{reason=\"" << reason << "\"} " << count << '\n';
  out << "# HELP intake_duplicate_deliveries_total Platform deliveries answered from the delivery log.\n"
         "# TYPE intake_duplicate_deliveries_total counter\n";
  out << "intake_duplicate_deliveries_total " << duplicates_.load() << '\n';
  out << "# HELP intake_stale_turns_total Turns prepared again because their conversation changed meanwhile.\n"
         "# TYPE intake_stale_turns_total counter\n";
  out << "intake_stale_turns_total " << stale_turns_.load() << '\n';
  // What storage writes per turn, the part of its cost the kernel pays: pages appended to the WAL
  // by commits, and database pages the WAL checkpoints copied back.
  out << "# HELP intake_wal_pages_written_total Pages appended to the write-ahead log.\n# TYPE intake_wal_pages_written_total counter\n";
  out << "intake_wal_pages_written_total " << storage::wal_batching_vfs::wal_write_counts().pages << '\n';
  out << "# HELP intake_checkpoint_pages_written_total Database pages copied from the write-ahead log by checkpoints.\n"
         "# TYPE intake_checkpoint_pages_written_total counter\n";
  out << "intake_checkpoint_pages_written_total " << storage::wal_batching_vfs::checkpoint_io_counts().requested_writes << '\n';
  // A lost index file is rebuilt behind the turns, over minutes for millions of lines; search
  // answers from the indexed part meanwhile.
  out << "# HELP intake_transcript_lines Transcript lines kept (by line number).\n# TYPE intake_transcript_lines gauge\n";
  out << "intake_transcript_lines " << search_index.total_lines << '\n';
  out << "# HELP intake_transcript_indexed_lines Transcript lines in the search index.\n# TYPE intake_transcript_indexed_lines gauge\n";
  out << "intake_transcript_indexed_lines " << search_index.indexed_lines << '\n';
  out << "# HELP intake_transcript_index_lines_behind Transcript lines not yet in the search index.\n"
         "# TYPE intake_transcript_index_lines_behind gauge\n";
  out << "intake_transcript_index_lines_behind " << search_index.total_lines - search_index.indexed_lines << '\n';
  return out.str();
}

}  // namespace intake::server
