#include "gateway/metrics.h"

#include "common/str_cat.h"
#include "gateway/plan_contexts.h"
#include "gateway/read_recipes.h"

namespace edgesql::gateway {
namespace {

// A label value as the text format escapes it.
std::string Label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void Header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  StrAppend(out, {"# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n"});
}

}  // namespace

Metrics& Metrics::Instance() {
  static Metrics* metrics = new Metrics();  // lives as long as the isolate
  return *metrics;
}

Metrics::Table& Metrics::At(std::string_view database, std::string_view table) {
  return tables_[{std::string(database), std::string(table)}];
}

void Metrics::Read(std::string_view database, std::string_view table, std::string_view result) {
  Table& t = At(database, table);
  auto it = t.reads.find(result);
  if (it == t.reads.end()) it = t.reads.emplace(std::string(result), 0).first;
  ++it->second;
}

void Metrics::Fill(std::string_view database, std::string_view table, bool written) {
  ++(written ? At(database, table).fills_written : At(database, table).fills_dropped);
}

void Metrics::Invalidated(std::string_view database, std::string_view table, int64_t rows) {
  At(database, table).invalidated += rows;
}

void Metrics::Lag::Add(int64_t ms) {
  for (size_t i = 0; i < kLagBucketsMs.size(); ++i) {
    if (ms <= kLagBucketsMs[i]) ++buckets[i];
  }
  ++count;
  sum_ms += ms < 0 ? 0 : ms;
}

void Metrics::QueueLag(std::string_view database, std::string_view table, int64_t ms) {
  At(database, table).queue_lag.Add(ms);
}

void Metrics::QueueMessage(std::string_view database) {
  auto it = messages_.find(database);
  if (it == messages_.end()) it = messages_.emplace(std::string(database), 0).first;
  ++it->second;
}

void Metrics::Mirrored(std::string_view database, std::string_view table, int64_t upserts,
                       int64_t deletes) {
  Table& t = At(database, table);
  t.mirror_upserts += upserts;
  t.mirror_deletes += deletes;
}

void Metrics::MirrorLag(std::string_view database, std::string_view table, int64_t ms) {
  At(database, table).mirror_lag.Add(ms);
}

std::string Metrics::Prometheus(const WorkerCounts& worker) const {
  std::string out;
  auto labels = [](const std::pair<std::string, std::string>& key) {
    return StrCat({"database=\"", Label(key.first), "\",table=\"", Label(key.second), "\""});
  };
  Header(out, "edgesql_cache_reads_total", "counter",
         "SELECTs by how the cache served them (result: hit, stale, miss, bypass).");
  for (const auto& [key, t] : tables_) {
    for (const auto& [result, n] : t.reads) {
      StrAppend(out, {"edgesql_cache_reads_total{", labels(key), ",result=\"", result, "\"} ",
                      std::to_string(n), "\n"});
    }
  }
  Header(out, "edgesql_cache_fills_total", "counter",
         "Fills the consumer wrote, or dropped because KV knew a newer version.");
  for (const auto& [key, t] : tables_) {
    if (t.fills_written + t.fills_dropped == 0) continue;
    StrAppend(out, {"edgesql_cache_fills_total{", labels(key), ",result=\"written\"} ",
                    std::to_string(t.fills_written), "\n"});
    StrAppend(out, {"edgesql_cache_fills_total{", labels(key), ",result=\"dropped\"} ",
                    std::to_string(t.fills_dropped), "\n"});
  }
  Header(out, "edgesql_cache_invalidations_total", "counter",
         "Rows whose cache entries a change invalidated (a whole-table change counts 1).");
  for (const auto& [key, t] : tables_) {
    if (t.queue_lag.count == 0 && t.invalidated == 0) continue;
    StrAppend(out, {"edgesql_cache_invalidations_total{", labels(key), "} ",
                    std::to_string(t.invalidated), "\n"});
  }
  auto histogram = [&](std::string_view name, std::string_view help, Lag Table::*lag) {
    Header(out, name, "histogram", help);
    for (const auto& [key, t] : tables_) {
      const Lag& l = t.*lag;
      if (l.count == 0) continue;
      for (size_t i = 0; i < kLagBucketsMs.size(); ++i) {
        StrAppend(out, {name, "_bucket{", labels(key), ",le=\"",
                        std::to_string(kLagBucketsMs[i] / 1000.0).substr(0, 5), "\"} ",
                        std::to_string(l.buckets[i]), "\n"});
      }
      StrAppend(out,
                {name, "_bucket{", labels(key), ",le=\"+Inf\"} ", std::to_string(l.count), "\n"});
      StrAppend(out, {name, "_sum{", labels(key), "} ", std::to_string(l.sum_ms / 1000.0), "\n"});
      StrAppend(out, {name, "_count{", labels(key), "} ", std::to_string(l.count), "\n"});
    }
  };
  histogram("edgesql_queue_lag_seconds",
            "From a write's commit to its change event reaching the consumer.", &Table::queue_lag);
  Header(out, "edgesql_queue_messages_total", "counter",
         "db-events messages the consumer received, by the database of their first event.");
  for (const auto& [database, n] : messages_) {
    StrAppend(out, {"edgesql_queue_messages_total{database=\"", Label(database), "\"} ",
                    std::to_string(n), "\n"});
  }
  Header(out, "edgesql_mirror_rows_total", "counter",
         "Rows the D1 mirror wrote (op=upsert) or deleted (op=delete).");
  for (const auto& [key, t] : tables_) {
    if (t.mirror_lag.count == 0) continue;
    StrAppend(out, {"edgesql_mirror_rows_total{", labels(key), ",op=\"upsert\"} ",
                    std::to_string(t.mirror_upserts), "\n"});
    StrAppend(out, {"edgesql_mirror_rows_total{", labels(key), ",op=\"delete\"} ",
                    std::to_string(t.mirror_deletes), "\n"});
  }
  histogram("edgesql_mirror_lag_seconds",
            "From a write's commit to its rows being in the D1 mirror.", &Table::mirror_lag);
  Header(out, "edgesql_shared_reads_total", "counter",
         "Reads that waited for an identical read in flight instead of calling the shard.");
  StrAppend(out, {"edgesql_shared_reads_total ", std::to_string(worker.shared_reads), "\n"});
  auto by_kind = [&](std::string_view name, std::string_view help,
                     const std::array<int64_t, kBatchKinds.size()>& counts) {
    Header(out, name, "counter", help);
    for (size_t k = 0; k < kBatchKinds.size(); ++k) {
      StrAppend(out, {name, "{kind=\"", kBatchKinds[k], "\"} ", std::to_string(counts[k]), "\n"});
    }
  };
  by_kind("edgesql_batched_calls_total",
          "Shard calls that went to their shard in one call with others in flight at once.",
          worker.batched);
  by_kind("edgesql_call_batches_total",
          "Shard calls that carried batched reads, group-committed writes or COMMITs, or steps.",
          worker.batches);
  Header(out, "edgesql_plan_contexts", "gauge",
         "Plans waiting for their answers in this isolate (abandoned ones linger until dropped).");
  StrAppend(
      out, {"edgesql_plan_contexts ", std::to_string(KeptContexts() + PendingRecipeReads()), "\n"});
  return out;
}

}  // namespace edgesql::gateway
