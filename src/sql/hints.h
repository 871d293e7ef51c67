// Hints: Edge SQL's query directives, written as optimizer-hint comments.
//
//   /*+ strong */                 read from the shard, bypassing every cache
//   /*+ bounded=1500 */           a cached answer at most 1500 ms old is fine
//   /*+ cached */                 any cached answer is fine
//   /*+ shard:tenant_id=acme */   route by this shard-key value
//   /*+ split_rows */             a multi-row INSERT whose rows belong on
//                                 several shards may be split into one
//                                 INSERT per shard (each atomic on its own
//                                 shard, not together)
//
// Several may share one comment (/*+ strong shard:tenant_id=acme */). A word
// Edge SQL does not know is reported as a warning (MySQL's own behaviour for
// unknown optimizer hints: warning 1064), never dropped silently.
#ifndef EDGESQL_SQL_HINTS_H_
#define EDGESQL_SQL_HINTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgesql::sql {

enum class Consistency : uint8_t { kDefault, kStrong, kBounded, kCached };

struct ShardHint {
  std::string column;  // "tenant_id"
  std::string value;   // "acme"
};

struct Warning {
  uint16_t code;        // MySQL warning number
  std::string message;  // MySQL-style text
};

struct Hints {
  Consistency consistency = Consistency::kDefault;
  int64_t bounded_ms = 0;        // set when consistency == kBounded
  std::vector<ShardHint> shard;  // in the order written
  bool split_rows = false;
  bool Empty() const {
    return consistency == Consistency::kDefault && shard.empty() && !split_rows;
  }
};

// Parses the text of one hint comment ("/*+ ... */", delimiters included) and
// merges what it says into `hints`. Unknown or malformed items become entries
// in `warnings`; conflicting consistency hints keep the last and warn.
void ParseHintComment(std::string_view comment, Hints& hints, std::vector<Warning>& warnings);

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_HINTS_H_
