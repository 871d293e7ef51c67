// Metrics: what the cache and its queue did, per database and table, in
// Prometheus' text format (GET /v1/metrics, docs/cache.md).
//
// Counters live in this isolate, as long as it does: a scraper sees the
// isolate that answers it (locally there is one). Lags are measured with
// the consumer's clock against the shard's commit time.
#ifndef EDGESQL_GATEWAY_METRICS_H_
#define EDGESQL_GATEWAY_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace edgesql::gateway {

class Metrics {
 public:
  static Metrics& Instance();

  // A SELECT's answer: `result` is meta.cache (hit, stale, miss, bypass).
  void Read(std::string_view database, std::string_view table, std::string_view result);
  // The consumer: a fill it wrote or dropped as outdated; rows (or, for a
  // table flush, 1) a change invalidated; how long after its commit a
  // change reached the consumer.
  void Fill(std::string_view database, std::string_view table, bool written);
  void Invalidated(std::string_view database, std::string_view table, int64_t rows);
  void QueueLag(std::string_view database, std::string_view table, int64_t ms);
  // A queue message the consumer received, counted by the database of its
  // first event: with the events counted above, how many each message
  // carried (a busy shard sends many per message, table_shard.js).
  void QueueMessage(std::string_view database);
  // The D1 mirror (docs/mirror.md): rows it wrote and deleted, and how long
  // after its commit a change was in the mirror.
  void Mirrored(std::string_view database, std::string_view table, int64_t upserts,
                int64_t deletes);
  void MirrorLag(std::string_view database, std::string_view table, int64_t ms);

  // The kinds of shard call the worker batches (worker-shim/calls.js):
  // reads, plain writes, and interactive transactions' COMMITs and their
  // steps that hold nothing.
  static constexpr std::array<std::string_view, 4> kBatchKinds = {"read", "write", "commit",
                                                                  "step"};
  // What only the worker counts: reads that waited for an identical read
  // in flight instead of calling the shard, and by kind (kBatchKinds'
  // order) the calls that went to their shard in a batch with others, in
  // how many batches.
  struct WorkerCounts {
    int64_t shared_reads = 0;
    std::array<int64_t, kBatchKinds.size()> batched{};
    std::array<int64_t, kBatchKinds.size()> batches{};
  };
  // The text format.
  std::string Prometheus(const WorkerCounts& worker) const;

 private:
  static constexpr std::array<int64_t, 10> kLagBucketsMs = {50,   100,  250,   500,   1000,
                                                            2500, 5000, 10000, 30000, 60000};
  struct Lag {
    std::array<int64_t, kLagBucketsMs.size()> buckets{};
    int64_t count = 0;
    int64_t sum_ms = 0;
    void Add(int64_t ms);
  };
  struct Table {
    std::map<std::string, int64_t, std::less<>> reads;  // by result
    int64_t fills_written = 0;
    int64_t fills_dropped = 0;
    int64_t invalidated = 0;
    Lag queue_lag;
    int64_t mirror_upserts = 0;
    int64_t mirror_deletes = 0;
    Lag mirror_lag;
  };
  Table& At(std::string_view database, std::string_view table);

  std::map<std::pair<std::string, std::string>, Table> tables_;
  std::map<std::string, int64_t, std::less<>> messages_;  // by database
};

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_METRICS_H_
